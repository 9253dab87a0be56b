import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { useIncidentStream } from './api/stream.ts';
import { RequireSession } from './auth/require-session.tsx';
import { SessionMenu } from './auth/session-menu.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { ResetPasswordPage, SetPasswordPage } from './auth/password-link-pages.tsx';
import { IncidentDetailPage } from './incidents/incident-detail-page.tsx';
import { IncidentListPage } from './incidents/incident-list-page.tsx';
import { DeclarePage } from './response/declare-page.tsx';
import { DrillReportPage, DrillsPage } from './response/drills-page.tsx';
import { useTabTitle } from './incidents/use-tab-title.ts';
import { HighUrgencyWatch } from './incidents/high-urgency-watch.tsx';
// Pages beyond the incident list load on first visit, so the first paint downloads less.
const KpiWatchesPage = lazy(() => import('./kpi/kpi-watches-page.tsx').then((m) => ({ default: m.KpiWatchesPage })));
const ModuleLevelsPage = lazy(() =>
  import('./levels/module-levels-page.tsx').then((m) => ({ default: m.ModuleLevelsPage })),
);
const ModulesPage = lazy(() => import('./levels/modules-page.tsx').then((m) => ({ default: m.ModulesPage })));
const OncallNowPage = lazy(() => import('./oncall/oncall-now-page.tsx').then((m) => ({ default: m.OncallNowPage })));
const SchedulesPage = lazy(() => import('./oncall/schedules-page.tsx').then((m) => ({ default: m.SchedulesPage })));
const SchedulePage = lazy(() => import('./oncall/schedule-page.tsx').then((m) => ({ default: m.SchedulePage })));
const NewSchedulePage = lazy(() =>
  import('./oncall/new-schedule-page.tsx').then((m) => ({ default: m.NewSchedulePage })),
);
const PoliciesPage = lazy(() => import('./escalation/policies-page.tsx').then((m) => ({ default: m.PoliciesPage })));
const PolicyPage = lazy(() => import('./escalation/policy-page.tsx').then((m) => ({ default: m.PolicyPage })));
const NewPolicyPage = lazy(() =>
  import('./escalation/new-policy-page.tsx').then((m) => ({ default: m.NewPolicyPage })),
);
const LintPage = lazy(() => import('./escalation/lint-page.tsx').then((m) => ({ default: m.LintPage })));
const SimulatorPage = lazy(() => import('./escalation/simulator-page.tsx').then((m) => ({ default: m.SimulatorPage })));
const ProfilePage = lazy(() => import('./people/profile-page.tsx').then((m) => ({ default: m.ProfilePage })));
const UsersPage = lazy(() => import('./people/users-page.tsx').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./people/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const TeamsPage = lazy(() => import('./people/teams-page.tsx').then((m) => ({ default: m.TeamsPage })));
const InvitationsPage = lazy(() =>
  import('./people/invitations-page.tsx').then((m) => ({ default: m.InvitationsPage })),
);
const AlertsPage = lazy(() => import('./alerts/alerts-page.tsx').then((m) => ({ default: m.AlertsPage })));
const RisksPage = lazy(() => import('./risks/risks-page.tsx').then((m) => ({ default: m.RisksPage })));
const SilencesPage = lazy(() => import('./suppression/silences-page.tsx').then((m) => ({ default: m.SilencesPage })));
const HeartbeatsPage = lazy(() => import('./intake/heartbeats-page.tsx').then((m) => ({ default: m.HeartbeatsPage })));
const MaintenancePage = lazy(() =>
  import('./suppression/maintenance-page.tsx').then((m) => ({ default: m.MaintenancePage })),
);
const PostmortemPage = lazy(() =>
  import('./postmortem/postmortem-page.tsx').then((m) => ({ default: m.PostmortemPage })),
);
const BoardPage = lazy(() => import('./postmortem/board-page.tsx').then((m) => ({ default: m.BoardPage })));
const AnalyticsPage = lazy(() => import('./analytics/analytics-page.tsx').then((m) => ({ default: m.AnalyticsPage })));
const ChangesPage = lazy(() => import('./changes/changes-page.tsx').then((m) => ({ default: m.ChangesPage })));
const PlaybooksPage = lazy(() => import('./recovery/playbooks-page.tsx').then((m) => ({ default: m.PlaybooksPage })));
const StatusPage = lazy(() => import('./statuspage/status-page.tsx').then((m) => ({ default: m.StatusPage })));
const QuarantinePage = lazy(() => import('./intake/quarantine-page.tsx').then((m) => ({ default: m.QuarantinePage })));
import { AppFrame } from './ui/app-frame.tsx';
import { PageErrorBoundary } from './ui/error-boundary.tsx';
import { LiveIndicator } from './ui/live-indicator.tsx';
import { ThemeToggle } from './ui/theme-toggle.tsx';
import { NotFoundPage } from './ui/not-found-page.tsx';

/** Frame of every signed-in page; owns the one live connection to the server. */
function SignedInLayout() {
  return <RequireSession>{(session) => <LiveFrame right={<SessionMenu session={session} />} />}</RequireSession>;
}

function LiveFrame({ right }: { right: ReactNode }) {
  const stream = useIncidentStream();
  useTabTitle();
  const location = useLocation();
  return (
    <AppFrame
      right={
        <>
          <LiveIndicator state={stream} />
          <HighUrgencyWatch />
          <ThemeToggle />
          {right}
        </>
      }
    >
      <PageErrorBoundary key={location.pathname}>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader size="sm" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </PageErrorBoundary>
    </AppFrame>
  );
}

/**
 * Console routes. `/signin` and `/status` (the public status page) are public; everything else needs a session. The server must answer every
 * non-API GET (e.g. a reload of `/incidents/7`) with `index.html` so these client routes resolve.
 */
export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route
        path="/status"
        element={
          <Suspense fallback={null}>
            <StatusPage />
          </Suspense>
        }
      />
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<SignedInLayout />}>
        <Route index element={<Navigate to="/incidents" replace />} />
        <Route path="/incidents" element={<IncidentListPage />} />
        <Route path="/incidents/declare" element={<DeclarePage />} />
        <Route path="/drills" element={<DrillsPage />} />
        <Route path="/drills/:id" element={<DrillReportPage />} />
        <Route path="/incidents/:id" element={<IncidentDetailPage />} />
        <Route path="/incidents/:id/postmortem" element={<PostmortemPage />} />
        <Route path="/board" element={<BoardPage />} />
        <Route path="/analytics" element={<AnalyticsPage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/risks" element={<RisksPage />} />
        <Route path="/modules" element={<ModulesPage />} />
        <Route path="/modules/:id/levels" element={<ModuleLevelsPage />} />
        <Route path="/kpi" element={<KpiWatchesPage />} />
        <Route path="/oncall" element={<OncallNowPage />} />
        <Route path="/oncall/schedules" element={<SchedulesPage />} />
        <Route path="/oncall/schedules/new" element={<NewSchedulePage />} />
        <Route path="/oncall/schedules/:id" element={<SchedulePage />} />
        <Route path="/oncall/policies" element={<PoliciesPage />} />
        <Route path="/oncall/policies/new" element={<NewPolicyPage />} />
        <Route path="/oncall/policies/:id" element={<PolicyPage />} />
        <Route path="/oncall/lint" element={<LintPage />} />
        <Route path="/oncall/simulate" element={<SimulatorPage />} />
        <Route path="/people" element={<Navigate to="/people/me" replace />} />
        <Route path="/people/me" element={<ProfilePage />} />
        <Route path="/people/users" element={<UsersPage />} />
        <Route path="/people/users/:id" element={<ProfilePage />} />
        <Route path="/people/teams" element={<TeamsPage />} />
        <Route path="/people/invitations" element={<InvitationsPage />} />
        <Route path="/people/audit" element={<AuditPage />} />
        <Route path="/intake/quarantine" element={<QuarantinePage />} />
        <Route path="/silences" element={<SilencesPage />} />
        <Route path="/maintenance" element={<MaintenancePage />} />
        <Route path="/heartbeats" element={<HeartbeatsPage />} />
        <Route path="/changes" element={<ChangesPage />} />
        <Route path="/playbooks" element={<PlaybooksPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
