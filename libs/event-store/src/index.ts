export * from './port';
export { EventStoreError, WrongExpectedRevisionError } from './errors';
export { GENESIS_HASH, canonicalJson, eventHash, verifyChain } from './hash-chain';
export { UpcasterRegistry } from './upcasters';
export { MemoryEventLog, MemoryEventStore } from './memory.event-store';
export type { MemoryEventStoreOptions } from './memory.event-store';
export { SqliteEventStore } from './sqlite.event-store';
export type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite.event-store';
