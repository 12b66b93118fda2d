/**
 * The household's values as v1 carries them, written out here like the other v1 enums: when the rules
 * gain a value these cannot carry, frozen-v1.spec.ts fails and the value needs a v2.
 *
 * They travel in OPTIONAL fields added to decision-issued.v1 (and, through IssuedConditionV1, to
 * CONDITION_ADDED in decision-amended.v1). A v1 reader validates without a whitelist, so it ignores
 * them; a v1 producer that never sets them still writes valid v1. See docs/household.md.
 */
export const PERSON_REFS_V1 = ['RECIPIENT', 'PARTNER'] as const;
export type PersonRefV1 = (typeof PERSON_REFS_V1)[number];
export const PARTNER_RELATIONS_V1 = ['SPOUSE', 'COHABITANT'] as const;
export const CONDITION_CATEGORIES_V1 = ['04', '06', '07', '08', '10', '14', '15', '16', '17', '18', '19', '20'] as const;
export type ConditionCategoryV1 = (typeof CONDITION_CATEGORIES_V1)[number];
export const ACTIVITY_EXCEPTION_CODES_V1 = ['01', '02', '03', '04'] as const;
