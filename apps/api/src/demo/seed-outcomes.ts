import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@kap/core';
import { IntakeService } from '@kap/intake';
import { NotesService } from '@kap/notes';
import { AssessmentRecordsService } from '@kap/outcomes';
import { CreatePatientDto, PatientsService } from '@kap/patients';
import { DischargeService, DosesService, SessionsService, VitalsService } from '@kap/sessions';
import type { DemoIdentity } from './seed-identity';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** PHQ-9 answers adding up to `total` (item 9 at 0). */
function phq9(total: number): number[] {
  const answers = Array.from({ length: 9 }, () => 0);
  for (let i = 0, left = total; i < 8 && left > 0; i++, left -= answers[i - 1])
    answers[i] = Math.min(3, left);
  return answers;
}

interface OutcomeCourse {
  clinic: keyof DemoIdentity['clinics'];
  clinician: string;
  patient: Omit<CreatePatientDto, 'clinicId'>;
  /** PHQ-9 at intake and just before the first dose (the baseline). */
  intakePhq9: number;
  baselinePhq9: number;
  /** Follow-up PHQ-9s by day after the first dose. */
  followUps: [day: number, total: number][];
  shows: string;
}

/**
 * Three ten-week courses whose outcomes show what the platform derives (CLINICAL-RULES.md §1): a
 * responder, a remitter and a non-responder. Weekly sessions, each dosed after a pre-dose reading and
 * discharged by the rule; PHQ-9 before the first dose and at follow-ups; integration notes, one signed
 * with an addendum. All through the services, so every rule runs as in production.
 */
export const OUTCOME_COURSES: OutcomeCourse[] = [
  {
    clinic: 'harbor',
    clinician: 'clinician@harbor.example',
    patient: {
      mrn: 'H-1005',
      givenName: 'Lena',
      familyName: 'Okonkwo',
      birthDate: '1983-10-05',
      sexAtBirth: 'female',
      postalCode: '02140',
      email: 'lena.o@example.org',
      reminderConsent: true,
      primaryIndication: 'MDD',
      scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-05-04' },
    },
    intakePhq9: 20,
    baselinePhq9: 19,
    followUps: [
      [7, 15],
      [28, 11],
      [56, 9],
    ],
    shows: 'response without remission (19 → 9)',
  },
  {
    clinic: 'mesa',
    clinician: 'clinician@mesa.example',
    patient: {
      mrn: 'M-2003',
      givenName: 'Tomas',
      familyName: 'Ruiz',
      birthDate: '1976-02-17',
      sexAtBirth: 'male',
      postalCode: '87507',
      reminderConsent: false,
      primaryIndication: 'TRD',
      scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-05-11' },
    },
    intakePhq9: 17,
    baselinePhq9: 17,
    followUps: [
      [7, 10],
      [28, 6],
      [56, 3],
    ],
    shows: 'remission (17 → 3)',
  },
  {
    clinic: 'cascade',
    clinician: 'clinician@cascade.example',
    patient: {
      mrn: 'C-3003',
      givenName: 'Jonah',
      familyName: 'Petrov',
      birthDate: '1969-07-30',
      sexAtBirth: 'male',
      postalCode: '97211',
      email: 'jonah.p@example.org',
      reminderConsent: true,
      primaryIndication: 'PTSD',
      scholarship: { programCode: 'VETS-FIRST', awardedOn: '2026-05-01' },
    },
    intakePhq9: 18,
    baselinePhq9: 18,
    followUps: [
      [7, 17],
      [28, 16],
      [56, 15],
    ],
    shows: 'non-response (18 → 15)',
  },
];

export async function seedOutcomeCourses(
  app: INestApplicationContext,
  identity: DemoIdentity,
): Promise<void> {
  const patients = app.get(PatientsService);
  const intakes = app.get(IntakeService);
  const sessions = app.get(SessionsService);
  const vitals = app.get(VitalsService);
  const doses = app.get(DosesService);
  const discharge = app.get(DischargeService);
  const assessments = app.get(AssessmentRecordsService);
  const notes = app.get(NotesService);
  const now = Date.now();
  const firstDose = now - 63 * DAY;

  for (const course of OUTCOME_COURSES) {
    const clinicId = identity.clinics[course.clinic];
    const user: AuthUser = {
      id: identity.users[course.clinician],
      email: course.clinician,
      name: course.clinician,
      role: 'clinician',
      clinicIds: [clinicId],
    };
    const patient = await patients.create({ ...course.patient, clinicId });
    await intakes.create(clinicId, patient.id, user, {
      performedAt: iso(firstDose - 10 * DAY),
      conditions: [],
      medications: [],
      vitals: { systolic: 122, diastolic: 78, heartRate: 70, spo2: 98 },
      weightKg: 75,
      phq9: phq9(course.intakePhq9),
      cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'none' },
    });

    let firstSessionId = '';
    for (let week = 0; week < 4; week++) {
      const start = firstDose + week * 7 * DAY;
      const session = await sessions.create(clinicId, patient.id, user, {
        scheduledAt: iso(start - 30 * MIN),
        route: 'IM',
        plannedDoseMg: 50,
        weightKg: 75,
      });
      if (week === 0) {
        firstSessionId = session.id;
        await assessments.record(clinicId, patient.id, user, {
          instrument: 'PHQ9',
          answers: phq9(course.baselinePhq9),
          administeredAt: iso(start - 25 * MIN),
          context: 'pre_session',
          sessionId: session.id,
        });
      }
      const reading = { systolic: 124, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 };
      await vitals.record(clinicId, session.id, user, {
        ...reading,
        phase: 'pre_dose',
        takenAt: iso(start - 15 * MIN),
      });
      await doses.record(clinicId, session.id, user, {
        administeredAt: iso(start),
        doseMg: 50,
        lotNumber: 'KET-26-031',
      });
      await vitals.record(clinicId, session.id, user, {
        ...reading,
        phase: 'intra',
        systolic: 134,
        takenAt: iso(start + 20 * MIN),
      });
      await vitals.record(clinicId, session.id, user, {
        ...reading,
        phase: 'post_dose',
        takenAt: iso(start + 50 * MIN),
      });
      await vitals.record(clinicId, session.id, user, {
        ...reading,
        phase: 'discharge',
        takenAt: iso(start + 70 * MIN),
      });
      await discharge.complete(clinicId, session.id, {
        dischargedAt: iso(start + 75 * MIN),
        escortPresent: true,
        cadssScore: 12,
      });
    }
    for (const [day, total] of course.followUps)
      await assessments.record(clinicId, patient.id, user, {
        instrument: 'PHQ9',
        answers: phq9(total),
        administeredAt: iso(firstDose + day * DAY + 2 * 60 * MIN),
        context: 'follow_up',
      });

    const signed = await notes.create(clinicId, patient.id, user, {
      sessionId: firstSessionId,
      format: 'SOAP',
      content: {
        subjective: 'Felt calm during the session; described it as "like watching from a distance".',
        objective: 'Oriented and conversant 70 minutes after the dose; no nausea.',
        assessment: 'Tolerated the first dose well; beginning to name avoidance patterns.',
        plan: 'Integration session in one week; journal between sessions.',
      },
    });
    await notes.sign(clinicId, signed.id, user);
    await notes.addAddendum(clinicId, signed.id, user, {
      text: "Correction: the escort was the patient's sister, not a friend.",
    });
    await notes.create(clinicId, patient.id, user, {
      format: 'DAP',
      content: {
        data: `Follow-up after four sessions: ${course.shows}.`,
        assessment: 'Reviewed the PHQ-9 trajectory together.',
        plan: '',
      },
    });
  }
}
