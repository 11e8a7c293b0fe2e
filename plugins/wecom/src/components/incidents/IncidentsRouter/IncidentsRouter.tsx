import { Route, Routes } from 'react-router-dom';
import { IncidentDetailPage } from '../IncidentDetailPage';
import { IncidentListPage } from '../IncidentListPage';

/**
 * The incident pages below `/wecom/incidents`: the list, and one incident
 * at `/:incidentId`. The new frontend system mounts this as a page of its
 * own; the legacy WeComRouter mounts it below `/wecom`.
 */
export const IncidentsRouter = () => (
  <Routes>
    <Route path="/" element={<IncidentListPage />} />
    <Route path="/:incidentId" element={<IncidentDetailPage />} />
  </Routes>
);
