/**
 * The applicant's actions on the case page, for the helper that builds the applicant's forms to fill in:
 * `application` and `submit` are a link to the 申报书 editor (`/cases/:id/application`); `withdraw` and
 * `progress-reports` show a button only once a form is registered here.
 */
import type { ComponentType } from 'react';
import type { ActionFormProps } from './ActionModal';

export const LINKED_APPLICANT_ACTIONS = ['application', 'submit'] as const;
export const applicantForms: Partial<Record<'withdraw' | 'progress-reports', ComponentType<ActionFormProps>>> = {};
