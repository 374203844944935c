import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayload } from './jobs';

export const JOB_HANDLER_KEY = 'kap:job-handler';

/** Marks the method that runs a job. The worker refuses to boot on a job with no handler or two. */
export const OnJob = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);

export interface JobContext {
  id: string;
  attemptsMade: number;
  payload: JobPayload;
}
