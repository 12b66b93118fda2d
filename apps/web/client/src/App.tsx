import { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppShell, landingFor } from './components/AppShell';
import { useSession } from './session';
import { SignInPage } from './pages/SignInPage';
import { IssueDecisionPage } from './pages/decision/IssueDecisionPage';
import { WorklistPage } from './pages/decision/WorklistPage';
import { DecisionPage } from './pages/decision/DecisionPage';
import { DecisionsPage } from './pages/decision/DecisionsPage';
import { CasesPage } from './pages/cases/CasesPage';
import { CasePage } from './pages/cases/CasePage';
import { PaymentTeamPage } from './pages/payments/PaymentTeamPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { StatisticsPage } from './pages/statistics/StatisticsPage';

function Protected({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/logg-inn" replace state={{ from: location.pathname }} />;
  return <AppShell>{children}</AppShell>;
}

export function App() {
  const { user } = useSession();
  return (
    <Routes>
      <Route path="/logg-inn" element={<SignInPage />} />
      <Route path="/" element={user ? <Navigate to={landingFor(user.roles)} replace /> : <Navigate to="/logg-inn" replace />} />
      <Route
        path="/arbeidsliste"
        element={
          <Protected>
            <WorklistPage />
          </Protected>
        }
      />
      <Route
        path="/vedtak"
        element={
          <Protected>
            <DecisionsPage />
          </Protected>
        }
      />
      <Route
        path="/vedtak/nytt"
        element={
          <Protected>
            <IssueDecisionPage />
          </Protected>
        }
      />
      <Route
        path="/vedtak/:decisionId"
        element={
          <Protected>
            <DecisionPage />
          </Protected>
        }
      />
      <Route
        path="/saker"
        element={
          <Protected>
            <CasesPage />
          </Protected>
        }
      />
      <Route
        path="/saker/:caseId"
        element={
          <Protected>
            <CasePage />
          </Protected>
        }
      />
      <Route
        path="/utbetalinger"
        element={
          <Protected>
            <PaymentTeamPage />
          </Protected>
        }
      />
      <Route
        path="/oversikt"
        element={
          <Protected>
            <OverviewPage />
          </Protected>
        }
      />
      <Route
        path="/statistikk"
        element={
          <Protected>
            <StatisticsPage />
          </Protected>
        }
      />
      <Route
        path="*"
        element={
          <Protected>
            <p>Fant ikke siden.</p>
          </Protected>
        }
      />
    </Routes>
  );
}
