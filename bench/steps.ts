import { BASE_STEPS, Step } from './lib/generate';

/** Every generation step, in order (base network first, then the clinical history). */
export const STEPS: Step[] = [...BASE_STEPS];
