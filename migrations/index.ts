import { Foundation1764270000000 } from './1764270000000-Foundation';
import { Patients1764270100000 } from './1764270100000-Patients';
import { ClinicalCore1764270200000 } from './1764270200000-ClinicalCore';
import { Notes1764270300000 } from './1764270300000-Notes';
import { RemindersReports1764270400000 } from './1764270400000-RemindersReports';
import { FlagSourceIndex1764270500000 } from './1764270500000-FlagSourceIndex';

/** Every migration, in order. Listed as classes so one DataSource works from dist/, the CLI and tests. */
export const migrations = [
  Foundation1764270000000,
  Patients1764270100000,
  ClinicalCore1764270200000,
  Notes1764270300000,
  RemindersReports1764270400000,
  FlagSourceIndex1764270500000,
];
