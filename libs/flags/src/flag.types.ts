export type FlagSeverity = 'info' | 'warning' | 'critical';
export type FlagStatus = 'open' | 'acknowledged' | 'resolved';
export type FlagSource = 'vitals' | 'assessment' | 'intake' | 'dose' | 'adverse_event';
export const FLAG_SEVERITIES: readonly FlagSeverity[] = ['info', 'warning', 'critical'];
export const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'acknowledged', 'resolved'];

export interface RaiseFlagInput {
  clinicId: string;
  patientId: string;
  /** Null: a patient-level flag (intake, assessment outside a session). */
  sessionId: string | null;
  code: string;
  severity: FlagSeverity;
  blocksDosing: boolean;
  source: FlagSource;
  /** The record that raised it (assessment, intake, dose, adverse event). */
  sourceId?: string | null;
  /** A vitals reading that raised or joined the flag. */
  readingId?: string | null;
}

/** What a raise answers: the flag the fact raised or joined. */
export interface FlagRef {
  id: string;
  code: string;
  severity: FlagSeverity;
  blocksDosing: boolean;
  status: FlagStatus;
  /** True when the fact joined a flag already open for the session and code. */
  joined: boolean;
}
