export * from './program.events';
export * from './program.state';
export * from './program.decider';
export * from './program.queries';
export * from './program.dates';
export { validateProgramSettings } from './program.validation';
export { GD_BDPZ_2019_PROGRAM } from './program.seed';
export {
  UNSENT_STAGES,
  WINDOW_REMINDER_DAYS,
  type CloseProgramWindow,
  type RemindWindowClosing,
} from './program.decide.window';
