import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { boot } from './boot';
import { followReferenceRuns } from './references';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The workspace (from the link or this browser's storage) is known before the first paint,
// so nothing the user does can be overwritten by a late restore.
void boot().finally(() => {
  // Relative accuracy's reference runs follow the workspace (queued while its switch is on).
  followReferenceRuns();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
