export * from './formats';
export * from './field-errors';
export * from './application.rules';
export * from './scoring.rules';
export * from './recusal.rules';
