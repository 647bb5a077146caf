// English discussion messages, compiled into the comments client and the thread renderer: the
// thread renders in English with no message file read and no page data, and any other locale's
// gaps fall back to these. Other locales reach the browser with their page (see
// src/http/web/discussion-messages.ts).
import english from '../locales/en/discussion.json' with { type: 'json' };
import { flattenMessages, registerMessages } from './messages.ts';

registerMessages('en', flattenMessages('discussion', english));
