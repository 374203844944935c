import { describe, expect, it } from '@jest/globals';
import { JobName } from './jobs';
import { buildHandlerRegistry } from './worker-host';

const run = async () => undefined;
const all = () => Object.values(JobName).map((name) => ({ name, owner: `H.${name}`, run }));

describe('job handler registry', () => {
  it('maps every job to its one handler', () => {
    expect(buildHandlerRegistry(all()).size).toBe(Object.values(JobName).length);
  });

  it('refuses to boot when a job has no handler', () => {
    const [missing, ...rest] = all();
    expect(() => buildHandlerRegistry(rest)).toThrow(`job ${missing.name} has no handler`);
  });

  it('refuses to boot when a job has two handlers, naming both', () => {
    const handlers = all();
    handlers.push({ name: handlers[0].name, owner: 'Other.handler', run });
    expect(() => buildHandlerRegistry(handlers)).toThrow(
      new RegExp(`job ${handlers[0].name} has 2 handlers .*Other\\.handler`),
    );
  });
});
