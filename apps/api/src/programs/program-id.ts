import { nameBasedId } from '@shenbao/commands';

/**
 * A program's id is derived from its key, so the key is unique by construction: a second program with the same
 * key names the same stream, which the decider refuses (`program.exists`) and the store's expected revision guards
 * against a concurrent creation. The seeded gd-bdpz-2019 program gets the same id on every installation.
 */
export const programIdForKey = (key: string): string => nameBasedId(`program:${key}`);
