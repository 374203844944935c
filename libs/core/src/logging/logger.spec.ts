import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('PHI redaction in logs', () => {
  it('redacts names, birth dates, contacts, note text, answers and credentials at any depth', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        patient: {
          givenName: 'Ada',
          familyName: 'Lovelace',
          birthDate: '1815-12-10',
          email: 'ada@example.org',
          phone: '+44 1',
        },
        note: { content: { subjective: 'feels low' } },
        assessment: { answers: [3, 3, 3] },
        password: 'hunter2-hunter2',
        req: { headers: { authorization: 'Bearer abc' } },
        patientId: 'd2f1c7e4-0000-4000-8000-000000000000',
      },
      'event',
    );
    const text = lines.join('');
    for (const phi of [
      'Ada',
      'Lovelace',
      '1815-12-10',
      'ada@example.org',
      'feels low',
      '[3,3,3]',
      'hunter2',
      'Bearer abc',
    ]) {
      expect(text).not.toContain(phi);
    }
    expect(text).toContain('d2f1c7e4-0000-4000-8000-000000000000');
    expect(JSON.parse(text).patient.givenName).toBe('[REDACTED]');
  });
});
