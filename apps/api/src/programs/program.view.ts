/** The body of `GET /programs/:id` (and of each item of `GET /programs`): the settings plus the live counters. */
import { ApiProperty } from '@nestjs/swagger';
import { remainingSlots } from '@shenbao/domain';
import type { PaperworkSettings, ProgramSettings } from '@shenbao/domain';
import type { ProgramRecord } from './program-directory';

export interface ProgramView extends Omit<ProgramSettings, 'paperwork'> {
  id: string;
  /** The program's paperwork; a program created without it asks for nothing (false, false, 0). */
  paperwork: PaperworkSettings;
  /** Per region: the recommendation limit and how much of it is used (district-level cases). */
  cities: { cityCode: string; name: string; limit: number; recommended: number; remaining: number }[];
  approvals: { granted: number; min: number; max: number };
  publicityBatches: { batchId: string; caseIds: string[]; startsAt: string; endsAt: string }[];
  approvalBatches: { batchNo: number; repliedOn: string; caseIds: string[] }[];
  createdAt: string;
  updatedAt: string;
}

export const NO_PAPERWORK: PaperworkSettings = { sealedApplicationBeforeSubmit: false, recommendationLetterScan: false, paperCopies: 0 };
export const paperworkOf = (s: ProgramSettings): PaperworkSettings => ({ ...(s.paperwork ?? NO_PAPERWORK) });

export function toProgramView({ state, createdAt, updatedAt }: ProgramRecord): ProgramView {
  const s = state.settings;
  return {
    id: state.programId,
    ...structuredClone(s),
    paperwork: paperworkOf(s),
    cities: s.regions.map((r) => ({
      cityCode: r.cityCode,
      name: r.name,
      limit: r.limit,
      recommended: state.recommended[r.cityCode]?.length ?? 0,
      remaining: remainingSlots(state, r.cityCode),
    })),
    approvals: { granted: state.approvals, min: s.quota.min, max: s.quota.max },
    publicityBatches: structuredClone(state.publicityBatches),
    approvalBatches: structuredClone(state.approvalBatches),
    createdAt,
    updatedAt,
  };
}

/** OpenAPI description of the view (the settings are described with POST /programs). */
export class ProgramViewDoc {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'gd-bdpz-2019' }) key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: { key: 'gd-bdpz-2019', version: 1 } }) workflow!: { key: string; version: number };
  @ApiProperty({ type: 'array', items: { type: 'object' } }) regions!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) tasks!: unknown[];
  @ApiProperty() minTasks!: number;
  @ApiProperty({ example: { min: 3, max: 5 } }) quota!: { min: number; max: number };
  @ApiProperty({ example: { opensOn: '2019-02-27', closesOn: '2019-04-26' } }) window!: { opensOn: string; closesOn: string };
  @ApiProperty({ example: '2020-12-31' }) targetDate!: string;
  @ApiProperty({ example: { sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5 }, description: 'What paper the program asks for (false, false, 0 when created without)' })
  paperwork!: PaperworkSettings;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{cityCode, name, limit, recommended, remaining}' }) cities!: unknown[];
  @ApiProperty({ example: { granted: 0, min: 3, max: 5 } }) approvals!: { granted: number; min: number; max: number };
  @ApiProperty({ type: 'array', items: { type: 'object' } }) publicityBatches!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) approvalBatches!: unknown[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
