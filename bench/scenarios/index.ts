import type { Scenario } from '../lib/scenario';
import { patientRead } from './patient-read';

/** The endpoints measured, in order. */
export const SCENARIOS: Scenario[] = [patientRead];
