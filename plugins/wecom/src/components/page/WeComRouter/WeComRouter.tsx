import { Route, Routes } from 'react-router-dom';
import { IncidentsRouter } from '../../incidents/IncidentsRouter';
import { WeComPage } from '../WeComPage';
import { WorkspaceLinkPage } from '../../workspace/WorkspaceLinkPage';

/**
 * The legacy frontend system mounts one component at `/wecom`; the WeCom
 * workspace login lands below it at `/wecom/workspace` and the incident
 * pages live at `/wecom/incidents`. The new system has pages of their own
 * for those paths instead.
 */
export const WeComRouter = () => (
  <Routes>
    <Route path="/workspace" element={<WorkspaceLinkPage />} />
    <Route path="/incidents/*" element={<IncidentsRouter />} />
    <Route path="/*" element={<WeComPage />} />
  </Routes>
);
