/** Types of verify.mjs for the tests that import it. */
export type VerifyResult = { ok: true; events: number; treeSize: number; algorithm: string } | { ok: false; failure: string };
export function canonical(value: unknown): string;
export function verifyRecord(record: unknown): VerifyResult;
export function verifyRecordText(text: string): VerifyResult;
