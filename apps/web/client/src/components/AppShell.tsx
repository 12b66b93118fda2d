import { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { Box, Button, HStack, InternalHeader, Spacer } from '@navikt/ds-react';
import { LeaveIcon } from '@navikt/aksel-icons';
import { hasRole, useSession } from '../session';
import { ROLE_LABELS } from '../texts';

interface NavItem {
  to: string;
  label: string;
  roles: string[];
}

const NAV: NavItem[] = [
  { to: '/arbeidsliste', label: 'Arbeidsliste', roles: ['decision-unit', 'auditor'] },
  { to: '/vedtak/nytt', label: 'Nytt vedtak', roles: ['decision-unit'] },
  { to: '/vedtak', label: 'Vedtak', roles: ['decision-unit', 'auditor'] },
  { to: '/saker', label: 'Saker', roles: ['veileder', 'decision-unit', 'auditor'] },
  { to: '/utbetalinger', label: 'Utbetalinger', roles: ['payment-team', 'auditor'] },
  { to: '/oversikt', label: 'Oversikt', roles: ['decision-unit', 'veileder', 'auditor'] },
  { to: '/statistikk', label: 'Statistikk', roles: ['decision-unit', 'auditor'] },
];

export const navFor = (roles: string[]) => NAV.filter((n) => n.roles.some((r) => roles.includes(r)));

/** NAV's internal header, the pages this user's role works with, and the page itself in <main>. */
export function AppShell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const items = user ? navFor(user.roles) : [];
  return (
    <>
      <a className="vf-skip-link" href="#hovedinnhold">
        Hopp til hovedinnhold
      </a>
      <InternalHeader>
        <InternalHeader.Title as={NavLink} to="/">
          Vilkårsflyt
        </InternalHeader.Title>
        <Spacer />
        {user && (
          <>
            <InternalHeader.User
              name={user.ident}
              description={`${user.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')} · ${officesText(user)}`}
            />
            <HStack align="center" paddingInline="space-8">
              <Button
                size="small"
                variant="secondary-neutral"
                data-color="neutral"
                icon={<LeaveIcon aria-hidden />}
                onClick={async () => {
                  await signOut();
                  navigate('/logg-inn');
                }}
              >
                Logg ut
              </Button>
            </HStack>
          </>
        )}
      </InternalHeader>
      {items.length > 0 && (
        <Box as="nav" aria-label="Hovedmeny" background="neutral-soft" paddingInline="space-24" paddingBlock="space-8">
          <HStack gap="space-24" as="ul" className="vf-nav">
            {items.map((n) => (
              <li key={n.to}>
                <NavLink
                  to={n.to}
                  end={n.to === '/vedtak'}
                  className={({ isActive }) => (isActive ? 'vf-nav-link vf-nav-link--active' : 'vf-nav-link')}
                >
                  {n.label}
                </NavLink>
              </li>
            ))}
          </HStack>
        </Box>
      )}
      <Box
        as="main"
        id="hovedinnhold"
        tabIndex={-1}
        paddingInline={{ xs: 'space-16', md: 'space-40' }}
        paddingBlock="space-24"
        className="vf-main"
      >
        {children}
      </Box>
    </>
  );
}

/** The payment team works for every office; the others for the offices in their token. */
const officesText = (user: { roles: string[]; offices: string[] }) =>
  user.roles.includes('payment-team') ? 'alle Nav-kontor' : `Nav-kontor ${user.offices.join(', ')}`;

export const landingFor = (roles: string[]) => navFor(roles)[0]?.to ?? '/logg-inn';
export { hasRole };
