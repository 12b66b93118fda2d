/** Roles a token may carry, and what each may do (each endpoint names the roles it accepts). */
export const ROLES = ['decision-unit', 'veileder', 'payment-team', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work for every office: the payment team (fellestjenesten) is shared. */
export const CROSS_OFFICE_ROLES: readonly Role[] = ['payment-team'];

/** Who is acting, from a verified token. `role` is the one this request acts in. */
export interface Actor {
  ident: string;
  role: Role;
  roles: Role[];
  offices: string[];
}

export function mayActForOffice(actor: Actor, office: string): boolean {
  return CROSS_OFFICE_ROLES.includes(actor.role) || actor.offices.includes(office);
}
