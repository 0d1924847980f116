/**
 * gd-bdpz-2019 shortened, for suites that need cases at publicity or approval quickly: a panel of 3 scored by the
 * mean, no defense, no site visit. Posted as a workflow version (`POST /workflows/<key>/versions {definition}`).
 */
import { GD_BDPZ_2019 } from '@shenbao/workflows';

const { key: _key, version: _version, ...shipped } = GD_BDPZ_2019;

export const FAST_WORKFLOW = {
  ...shipped,
  name: 'e2e fast',
  stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false }, siteVisit: { enabled: false } },
  panel: { size: 3, aggregation: 'mean' },
};
