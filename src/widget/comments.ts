// The comments client (progressive enhancement). The page works without it: the thread is
// rendered on the server with plain forms and links. This takes over those forms and links,
// renders what it fetches with the server's own markup (src/render/thread.ts), and listens
// for live changes. Bundled by esbuild at server start (src/http/web/widget-bundle.ts).
import { createThreadClient } from './context.ts';
import { enhanceForm } from './form.ts';
import { enhanceLive } from './live.ts';
import { enhanceMarks } from './marks.ts';
import { enhanceOwn } from './own.ts';
import { enhanceOwnership } from './ownership.ts';
import { enhanceReports } from './report.ts';
import { applyRememberedSort, enhancePaging } from './paging.ts';
import { enhanceReplies } from './replies.ts';
import { enhanceVotes } from './votes.ts';
import './staff-tools.ts';
import { enhanceCompose } from './compose.ts';
import { enhanceGuestMemory } from './guest-memory.ts';
import { enhanceCollapse } from './collapse.ts';
import { loadPageMessages } from './messages.ts';
import { enhanceEmbedIdentity } from './embed-identity.ts';

function start(): void {
  const section = document.querySelector<HTMLElement>('section.discussion[data-thread-id]');
  if (!section || section.dataset.enhanced) return;
  section.dataset.enhanced = 'true';
  const t = createThreadClient(section, loadPageMessages());
  enhanceMarks(t);
  enhanceVotes(t);
  enhanceOwnership(t);
  enhanceOwn(t);
  enhanceReports(t);
  enhanceForm(t);
  enhanceCompose(t);
  enhanceGuestMemory(t);
  enhancePaging(t);
  enhanceReplies(t);
  enhanceLive(t);
  enhanceCollapse(t);
  enhanceEmbedIdentity();
  t.decorate(section);
  applyRememberedSort(t);
}

start();
