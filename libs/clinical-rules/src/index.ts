export * from './clinic-settings';
export * from './reminder-schedule';
export * from './outcome-statistics';
