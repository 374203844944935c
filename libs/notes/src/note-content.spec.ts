import { describe, expect, it } from '@jest/globals';
import { blankSections, checkNoteContent, signedNoteHash } from './note-content';

const soap = { subjective: 's', objective: 'o', assessment: 'a', plan: 'p' };
const dap = { data: 'd', assessment: 'a', plan: 'p' };

describe('note content by format', () => {
  it('accepts exactly the sections of the format', () => {
    expect(checkNoteContent('SOAP', soap)).toEqual([]);
    expect(checkNoteContent('DAP', dap)).toEqual([]);
  });

  it('names every missing section and every section of the other format', () => {
    const problems = checkNoteContent('SOAP', dap);
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['content.data', 'content.objective', 'content.subjective'].sort(),
    );
    expect(
      checkNoteContent('DAP', soap)
        .map((p) => p.field)
        .sort(),
    ).toEqual(['content.data', 'content.objective', 'content.subjective'].sort());
  });

  it('refuses non-text sections, oversize sections and a non-object content', () => {
    expect(checkNoteContent('DAP', { ...dap, plan: 3 }).map((p) => p.field)).toEqual(['content.plan']);
    expect(checkNoteContent('DAP', { ...dap, data: 'x'.repeat(20_001) }).map((p) => p.field)).toEqual([
      'content.data',
    ]);
    expect(checkNoteContent('DAP', ['d']).map((p) => p.field)).toEqual(['content']);
    expect(checkNoteContent('DAP', null).map((p) => p.field)).toEqual(['content']);
  });

  it('never puts the text of a section in a message', () => {
    const secret = 'patient said something private';
    const problems = checkNoteContent('SOAP', { ...soap, data: secret, plan: 7 });
    expect(JSON.stringify(problems)).not.toContain(secret);
  });

  it('lists blank sections for signing', () => {
    expect(blankSections('SOAP', { ...soap, objective: '  ' })).toEqual(['objective']);
    expect(blankSections('DAP', dap)).toEqual([]);
  });
});

describe('signed note hash', () => {
  const facts = {
    id: '11111111-1111-4111-8111-111111111111',
    patientId: '22222222-2222-4222-8222-222222222222',
    sessionId: null,
    format: 'DAP' as const,
    content: dap,
    signedBy: '33333333-3333-4333-8333-333333333333',
    signedAt: new Date('2026-11-27T10:00:00.000Z'),
  };

  it('is a stable SHA-256 whatever the key order of the content', () => {
    const h = signedNoteHash(facts);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(signedNoteHash({ ...facts, content: { plan: 'p', assessment: 'a', data: 'd' } })).toBe(h);
  });

  it('changes with the content, the signer and the time', () => {
    const h = signedNoteHash(facts);
    expect(signedNoteHash({ ...facts, content: { ...dap, plan: 'p2' } })).not.toBe(h);
    expect(signedNoteHash({ ...facts, signedBy: '44444444-4444-4444-8444-444444444444' })).not.toBe(h);
    expect(signedNoteHash({ ...facts, signedAt: new Date('2026-11-27T10:00:00.001Z') })).not.toBe(h);
  });
});
