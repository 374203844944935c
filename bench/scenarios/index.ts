import type { Scenario } from '../lib/scenario';
import { assessmentWrite } from './assessment-write';
import { flagsRead } from './flags-read';
import { patientRead } from './patient-read';
import { sessionRead } from './session-read';
import { vitalsWrite } from './vitals-write';

/** The endpoints measured, in order. */
export const SCENARIOS: Scenario[] = [vitalsWrite, sessionRead, flagsRead, assessmentWrite, patientRead];
