/** Expert pool events: the stored contract of an expert stream (`expert-<id>`). Past tense, never renamed. */
import type { Message } from '../shared/decider';

export interface ExpertProfile {
  name: string;
  /** GB/T 2260 city code of where the expert lives/works; drives home-city recusal. */
  homeCityCode: string;
  /** Employer's name as written; recusal compares it normalized (see rules/recusal.rules.ts). */
  employer: string;
  /** Areas of expertise, free text. */
  fields: string[];
}

export type ExpertRegistered = Message<'ExpertRegistered', { expertId: string } & ExpertProfile>;
/** Carries only the attributes that changed. */
export type ExpertUpdated = Message<'ExpertUpdated', { expertId: string } & Partial<ExpertProfile>>;
export type ExpertRetired = Message<'ExpertRetired', { expertId: string; reason: string }>;

export type ExpertEvent = ExpertRegistered | ExpertUpdated | ExpertRetired;

export type RegisterExpert = Message<'RegisterExpert', { expertId: string } & ExpertProfile>;
export type UpdateExpert = Message<'UpdateExpert', Partial<ExpertProfile>>;
export type RetireExpert = Message<'RetireExpert', { reason: string }>;

export type ExpertCommand = RegisterExpert | UpdateExpert | RetireExpert;
