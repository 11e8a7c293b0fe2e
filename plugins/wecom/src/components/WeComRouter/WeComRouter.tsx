import { Route, Routes } from 'react-router-dom';
import { WeComPage } from '../WeComPage';
import { WorkspaceLinkPage } from '../WorkspaceLinkPage';

/**
 * The legacy frontend system mounts one component at `/wecom`; the WeCom
 * workspace login lands below it at `/wecom/workspace`. The new system has a
 * page of its own for that path instead.
 */
export const WeComRouter = () => (
  <Routes>
    <Route path="/workspace" element={<WorkspaceLinkPage />} />
    <Route path="/*" element={<WeComPage />} />
  </Routes>
);
