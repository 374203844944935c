import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@kap/core';
import { FlagsService } from '@kap/flags';
import { CreateIntakeDto, IntakeService } from '@kap/intake';
import {
  AdverseEventsService,
  CreateVitalsDto,
  DischargeService,
  DosesService,
  SessionsService,
  VitalsService,
} from '@kap/sessions';
import type { DemoIdentity } from './seed-identity';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const at = (base: number, minutes: number) => new Date(base + minutes * MIN).toISOString();

const INTAKE: Omit<CreateIntakeDto, 'performedAt'> = {
  conditions: [],
  medications: [{ name: 'sertraline', interactionClass: 'OTHER' }],
  vitals: { systolic: 124, diastolic: 80, heartRate: 72, spo2: 98 },
  weightKg: 70,
  phq9: [2, 2, 2, 2, 2, 1, 2, 2, 0],
  gad7: [2, 1, 2, 1, 1, 1, 1],
  cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'none' },
};

type Vitals = Omit<CreateVitalsDto, 'takenAt'> & { at: number };
const v = (
  at: number,
  phase: CreateVitalsDto['phase'],
  systolic: number,
  diastolic: number,
  more: Partial<Vitals> = {},
): Vitals => ({
  at,
  phase,
  systolic,
  diastolic,
  heartRate: 74,
  spo2: 98,
  respiratoryRate: 14,
  ...more,
});

/**
 * Demo screenings and sessions in every state, with readings that raise each kind of flag
 * (BP_ELEVATED_PREDOSE, BP_CRITICAL_PREDOSE, BP_RISE, BP_CRITICAL, HR_ABNORMAL, HR_CRITICAL, SPO2_LOW,
 * SPO2_CRITICAL, RR_ABNORMAL, DOSE_ABOVE_USUAL_RANGE, ADVERSE_EVENT_SEVERE, PHQ9_ITEM9_POSITIVE,
 * SUICIDE_RISK_HIGH). All through the services, so every rule runs as in production.
 */
export async function seedSessions(
  app: INestApplicationContext,
  identity: DemoIdentity,
  patientIds: Record<string, string>,
): Promise<void> {
  const intakes = app.get(IntakeService);
  const sessions = app.get(SessionsService);
  const vitals = app.get(VitalsService);
  const doses = app.get(DosesService);
  const adverse = app.get(AdverseEventsService);
  const discharge = app.get(DischargeService);
  const flags = app.get(FlagsService);
  const now = Date.now();
  const user = (email: string, role: AuthUser['role'], clinic: keyof DemoIdentity['clinics']): AuthUser => ({
    id: identity.users[email],
    email,
    name: email,
    role,
    clinicIds: [identity.clinics[clinic]],
  });
  const harborNurse = user('clinician@harbor.example', 'clinician', 'harbor');
  const harborSup = user('supervisor@harbor.example', 'supervisor', 'harbor');
  const mesaNurse = user('clinician@mesa.example', 'clinician', 'mesa');
  const cascadeMd = user('clinician@cascade.example', 'clinician', 'cascade');
  const cascadeSup = user('supervisor@cascade.example', 'supervisor', 'cascade');

  const screen = (u: AuthUser, mrn: string, daysAgo: number, more: Partial<CreateIntakeDto> = {}) =>
    intakes.create(u.clinicIds[0], patientIds[mrn], u, {
      ...INTAKE,
      performedAt: at(now, -daysAgo * DAY),
      ...more,
    });

  /** A session run from readings and doses at minutes from `start`; completed when `dischargeAt` is given. */
  const run = async (
    u: AuthUser,
    mrn: string,
    start: number,
    plan: {
      route?: 'IV' | 'IM' | 'SUBLINGUAL' | 'ORAL' | 'INTRANASAL';
      plannedDoseMg?: number;
      weightKg?: number;
    },
    steps: { readings?: Vitals[]; doses?: { at: number; mg: number }[]; dischargeAt?: number },
  ) => {
    const clinicId = u.clinicIds[0];
    const session = await sessions.create(clinicId, patientIds[mrn], u, {
      scheduledAt: at(start, 0),
      route: plan.route ?? 'IV',
      plannedDoseMg: plan.plannedDoseMg ?? 35,
      weightKg: plan.weightKg ?? 70,
    });
    const events = [
      ...(steps.readings ?? []).map((r) => ({ at: r.at, reading: r })),
      ...(steps.doses ?? []).map((d) => ({ at: d.at, dose: d })),
    ].sort((a, b) => a.at - b.at);
    for (const e of events) {
      if ('reading' in e && e.reading) {
        const { at: minutes, ...r } = e.reading;
        await vitals.record(clinicId, session.id, u, { ...r, takenAt: at(start, minutes) });
      } else if ('dose' in e && e.dose) {
        await doses.record(clinicId, session.id, u, {
          administeredAt: at(start, e.dose.at),
          doseMg: e.dose.mg,
          lotNumber: 'KET-24-117',
        });
      }
    }
    if (steps.dischargeAt !== undefined)
      await discharge.complete(clinicId, session.id, {
        dischargedAt: at(start, steps.dischargeAt),
        escortPresent: true,
        cadssScore: 14,
      });
    return session.id;
  };
  const resolveAll = async (sup: AuthUser, sessionId: string, comment: string) => {
    const page = await flags.list(sup, { sessionId, limit: 200 } as never);
    for (const f of page.items)
      if (f.status !== 'resolved') await flags.resolve(f.clinicId, f.id, sup, comment);
  };

  // Harbor, Maya: eligible; two completed sessions (the second with a BP rise), one in progress, one scheduled.
  await screen(harborNurse, 'H-1001', 40);
  const normal = [
    v(-20, 'pre_dose', 124, 80),
    v(20, 'intra', 136, 84),
    v(50, 'post_dose', 128, 82),
    v(70, 'discharge', 126, 80),
  ];
  await run(
    harborNurse,
    'H-1001',
    now - 28 * DAY,
    {},
    { readings: normal, doses: [{ at: 0, mg: 35 }], dischargeAt: 75 },
  );
  const rise = await run(
    harborNurse,
    'H-1001',
    now - 21 * DAY,
    {},
    {
      readings: [
        v(-15, 'pre_dose', 122, 78),
        v(20, 'intra', 166, 96),
        v(45, 'post_dose', 138, 84),
        v(80, 'discharge', 128, 80),
      ],
      doses: [{ at: 0, mg: 40 }],
    },
  );
  await resolveAll(harborSup, rise, 'Transient rise, settled with rest');
  await discharge.complete(harborNurse.clinicIds[0], rise, {
    dischargedAt: at(now - 21 * DAY, 85),
    escortPresent: true,
  });
  // Today: pre-dose hold, override, dose, then a spike (BP_CRITICAL, HR_ABNORMAL, BP_RISE) still open.
  const today = now - 50 * MIN;
  const live = await run(harborNurse, 'H-1001', today, {}, { readings: [v(-5, 'pre_dose', 150, 88)] });
  await sessions.overrideHold(harborNurse.clinicIds[0], live, harborSup, {
    reason: 'Anxious on arrival; repeat manual reading 138/86',
  });
  await doses.record(harborNurse.clinicIds[0], live, harborNurse, {
    administeredAt: at(today, 0),
    doseMg: 35,
    lotNumber: 'KET-24-117',
  });
  await vitals.record(harborNurse.clinicIds[0], live, harborNurse, {
    ...v(25, 'intra', 192, 112, { heartRate: 118 }),
    takenAt: at(today, 25),
  });
  await sessions.create(harborNurse.clinicIds[0], patientIds['H-1001'], harborNurse, {
    scheduledAt: at(now, 7 * DAY),
    route: 'IV',
    plannedDoseMg: 35,
    weightKg: 70,
  });

  // Harbor, Ezra: benzodiazepine (needs review, approved); one cancelled, one aborted after a severe reaction.
  const ezra = await screen(harborNurse, 'H-1002', 30, {
    medications: [{ name: 'clonazepam', interactionClass: 'BENZODIAZEPINE' }],
    weightKg: 82,
  });
  await intakes.review(harborNurse.clinicIds[0], ezra.id, harborSup, {
    decision: 'approved',
    comment: 'Hold clonazepam the night before',
  });
  const cancelled = await run(harborNurse, 'H-1002', now - 14 * DAY, { weightKg: 82, plannedDoseMg: 41 }, {});
  await sessions.cancel(harborNurse.clinicIds[0], cancelled, { reason: 'Patient unwell' });
  const start = now - 7 * DAY;
  const aborted = await run(
    harborNurse,
    'H-1002',
    start,
    { weightKg: 82, plannedDoseMg: 41 },
    {
      readings: [v(-10, 'pre_dose', 128, 82)],
      doses: [{ at: 0, mg: 41 }],
    },
  );
  await adverse.record(harborNurse.clinicIds[0], aborted, harborNurse, {
    occurredAt: at(start, 12),
    kind: 'AGITATION',
    severity: 'severe',
    actionTaken: 'Infusion stopped; reassurance',
  });
  await sessions.abort(harborNurse.clinicIds[0], aborted, { reason: 'Severe agitation at 12 minutes' });

  // Harbor, Rosa: item 9 answered "several days" (warning flag), waiting for review. Harold: ineligible.
  await screen(harborNurse, 'H-1003', 3, { phq9: [2, 2, 2, 1, 1, 2, 1, 1, 1] });
  await screen(harborNurse, 'H-1004', 5, {
    conditions: ['UNCONTROLLED_HYPERTENSION'],
    vitals: { systolic: 168, diastolic: 98, heartRate: 80 },
  });

  // Mesa, Noor: in progress with oxygen, breathing and heart rate flags; a second session held by a critical pre-dose BP.
  await screen(mesaNurse, 'M-2001', 20, { weightKg: 64 });
  const mesaStart = now - 40 * MIN;
  await run(
    mesaNurse,
    'M-2001',
    mesaStart,
    { weightKg: 64, plannedDoseMg: 32 },
    {
      readings: [
        v(-10, 'pre_dose', 118, 76),
        v(15, 'intra', 126, 80, { spo2: 88, respiratoryRate: 8, heartRate: 155 }),
      ],
      doses: [{ at: 0, mg: 32 }],
    },
  );
  await run(
    mesaNurse,
    'M-2001',
    now - 10 * MIN,
    { weightKg: 64, plannedDoseMg: 32 },
    {
      readings: [v(-5, 'pre_dose', 186, 104)],
    },
  );
  // Mesa, Caleb: high C-SSRS risk: a critical patient-level flag and a review waiting.
  await screen(mesaNurse, 'M-2002', 2, {
    cssrs: { wishDead: true, suicidalThoughts: true, method: true, intent: true, behavior: 'lifetime' },
  });

  // Cascade, Iris: intranasal esketamine 56 + 28 mg, 2 hours' observation. Theo: sublingual above the usual range.
  await screen(cascadeMd, 'C-3001', 25, { weightKg: 58 });
  await run(
    cascadeMd,
    'C-3001',
    now - 10 * DAY,
    { route: 'INTRANASAL', plannedDoseMg: 84, weightKg: 58 },
    {
      readings: [
        v(-15, 'pre_dose', 118, 74),
        v(40, 'intra', 134, 82),
        v(90, 'post_dose', 126, 78),
        v(125, 'discharge', 120, 76),
      ],
      doses: [
        { at: 0, mg: 56 },
        { at: 5, mg: 28 },
      ],
      dischargeAt: 130,
    },
  );
  await screen(cascadeMd, 'C-3002', 18, { weightKg: 90 });
  const theo = await run(
    cascadeMd,
    'C-3002',
    now - 4 * DAY,
    { route: 'SUBLINGUAL', plannedDoseMg: 300, weightKg: 90 },
    {
      readings: [v(-10, 'pre_dose', 130, 84), v(30, 'intra', 142, 88), v(55, 'post_dose', 134, 86)],
      doses: [
        { at: 0, mg: 300 },
        { at: 20, mg: 150 },
      ],
    },
  );
  await flags.list(cascadeSup, { sessionId: theo, limit: 10 } as never).then(async (p) => {
    for (const f of p.items) await flags.acknowledge(f.clinicId, f.id, cascadeSup, 'Booster per protocol');
  });
  await vitals.record(cascadeMd.clinicIds[0], theo, cascadeMd, {
    ...v(58, 'discharge', 130, 84),
    takenAt: at(now - 4 * DAY, 58),
  });
  await discharge.complete(cascadeMd.clinicIds[0], theo, {
    dischargedAt: at(now - 4 * DAY, 65),
    escortPresent: true,
  });
}
