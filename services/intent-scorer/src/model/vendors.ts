/**
 * Curated B2B vendors and product categories, as data. Competitor detection, keyword-collision
 * checks and the monitor-context relevance all read this table; the scoring code has no vendor
 * names in it. Add a vendor by adding a row.
 *
 * `segment` says who usually buys it: asking for an alternative to a consumer product (Mint) is
 * not B2B intent, a prosumer one (Dropbox, Namecheap) is ambiguous, a technical/open-source one
 * (Postgres, Riak) is usually an engineering discussion rather than a purchase.
 */

export type VendorCategory =
  | 'crm'
  | 'sales_intelligence'
  | 'sales_engagement'
  | 'conversation_intelligence'
  | 'support'
  | 'monitoring'
  | 'docs'
  | 'analytics'
  | 'hr'
  | 'payments'
  | 'accounting'
  | 'collaboration'
  | 'project_management'
  | 'marketing'
  | 'hosting'
  | 'storage'
  | 'security'
  | 'identity'
  | 'ecommerce'
  | 'scheduling'
  | 'design'
  | 'dev_tools'
  | 'database'
  | 'email'
  | 'legal'
  | 'consumer_finance';

export type Segment = 'b2b' | 'prosumer' | 'consumer' | 'technical';

export interface Vendor {
  readonly name: string;
  readonly category: VendorCategory;
  readonly segment: Segment;
  /** Lower-case spellings besides the name; multi-word aliases are matched token by token. */
  readonly aliases?: readonly string[];
  /**
   * The name is also an ordinary word or a famous other thing (Apollo, Slack, Monday, Close):
   * it counts as the vendor only when capitalised, not next to a collision term, and, when
   * `context` is given, with one of those words somewhere in the post (or, with `capitalisedOk`,
   * written as a proper noun).
   */
  readonly ambiguous?: { readonly collisions: readonly string[]; readonly context?: readonly string[]; readonly capitalisedOk?: boolean };
}

const SALES_CONTEXT = ['leads', 'lead', 'prospecting', 'prospects', 'contacts', 'emails', 'email', 'sales', 'sequences', 'outbound', 'b2b', 'crm', 'credits', 'enrichment', 'sdr', 'sdrs', 'bdr', 'cold', 'data', 'database', 'zoominfo', 'lusha', 'hubspot', 'salesforce', 'pipeline', 'reps', 'quota', 'deals', 'seats', 'subscription', 'pricing', 'alternative', 'alternatives'];
const WORK_CONTEXT = ['team', 'teams', 'workspace', 'channel', 'channels', 'tool', 'tools', 'app', 'software', 'saas', 'board', 'boards', 'tasks', 'project', 'projects', 'pricing', 'seats', 'subscription', 'plan', 'integration', 'alternative', 'alternatives', 'crm', 'company', 'clients'];

export const VENDORS: readonly Vendor[] = [
  // CRM
  { name: 'Salesforce', category: 'crm', segment: 'b2b', aliases: ['salesforce.com', 'sfdc', 'sales cloud'], ambiguous: { collisions: ['tower', 'park', 'arena', 'transit center', 'dreamforce', 'benioff', 'stock', 'shares', 'acquire', 'acquires', 'bid', 'takeover'] } },
  { name: 'HubSpot', category: 'crm', segment: 'b2b', aliases: ['hubspot crm', 'hub spot'] },
  { name: 'Pipedrive', category: 'crm', segment: 'b2b' },
  { name: 'Zoho CRM', category: 'crm', segment: 'b2b', aliases: ['zoho'] },
  { name: 'Microsoft Dynamics', category: 'crm', segment: 'b2b', aliases: ['dynamics 365', 'dynamics crm', 'ms dynamics'] },
  { name: 'Close', category: 'crm', segment: 'b2b', aliases: ['close.com', 'close.io', 'close crm'], ambiguous: { collisions: [], context: ['crm', 'calls', 'dialer', 'pipeline', 'sales', 'leads'] } },
  { name: 'Copper', category: 'crm', segment: 'b2b', aliases: ['copper crm'], ambiguous: { collisions: ['wire', 'wiring', 'pipes', 'price', 'mining', 'metal', 'ore'], context: ['crm', 'gmail', 'pipeline', 'sales'] } },
  { name: 'Attio', category: 'crm', segment: 'b2b' },
  { name: 'Freshsales', category: 'crm', segment: 'b2b' },
  { name: 'Insightly', category: 'crm', segment: 'b2b' },
  { name: 'SugarCRM', category: 'crm', segment: 'b2b', aliases: ['sugar crm'] },
  { name: 'Keap', category: 'crm', segment: 'b2b', aliases: ['infusionsoft'] },
  { name: 'monday.com', category: 'project_management', segment: 'b2b', aliases: ['monday', 'monday crm'], ambiguous: { collisions: ['morning', 'night', 'tuesday', 'friday', 'weekend', 'cyber'], context: WORK_CONTEXT } },
  // Sales intelligence / data
  { name: 'ZoomInfo', category: 'sales_intelligence', segment: 'b2b', aliases: ['zoom info', 'discoverorg'] },
  { name: 'Apollo.io', category: 'sales_intelligence', segment: 'b2b', aliases: ['apollo.io', 'apollo'], ambiguous: { collisions: ['moon', 'lunar', 'nasa', 'mission', 'missions', 'guidance', 'astronaut', 'astronauts', 'landing', 'saturn', 'program', 'spacecraft', 'rocket', 'armstrong', 'god', 'theater', 'theatre', 'health', 'hospital', 'graphql', 'server', 'federation', 'client', 'conspiracy', 'space'], context: SALES_CONTEXT } },
  { name: 'Lusha', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'Seamless.AI', category: 'sales_intelligence', segment: 'b2b', aliases: ['seamless.ai', 'seamless ai', 'seamless'], ambiguous: { collisions: ['integration', 'experience', 'transition', 'food', 'delivery', 'grubhub', 'order'], context: SALES_CONTEXT } },
  { name: 'Cognism', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'Clearbit', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'RocketReach', category: 'sales_intelligence', segment: 'b2b', aliases: ['rocket reach'] },
  { name: 'Hunter.io', category: 'sales_intelligence', segment: 'b2b', aliases: ['hunter.io'] },
  { name: 'LinkedIn Sales Navigator', category: 'sales_intelligence', segment: 'b2b', aliases: ['sales navigator', 'sales nav'] },
  { name: 'UpLead', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'Kaspr', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'Clay', category: 'sales_intelligence', segment: 'b2b', aliases: ['clay.com'], ambiguous: { collisions: ['pottery', 'ceramic', 'ceramics', 'modeling', 'soil', 'brick', 'bricks', 'court'], context: SALES_CONTEXT } },
  { name: 'Dun & Bradstreet', category: 'sales_intelligence', segment: 'b2b', aliases: ['d&b', 'dnb hoovers', 'hoovers'] },
  { name: 'Crunchbase', category: 'sales_intelligence', segment: 'b2b' },
  { name: '6sense', category: 'sales_intelligence', segment: 'b2b' },
  { name: 'Bombora', category: 'sales_intelligence', segment: 'b2b' },
  // Sales engagement / outreach
  { name: 'Outreach', category: 'sales_engagement', segment: 'b2b', aliases: ['outreach.io'], ambiguous: { collisions: ['community', 'public', 'church', 'program', 'volunteer'], context: SALES_CONTEXT } },
  { name: 'Salesloft', category: 'sales_engagement', segment: 'b2b', aliases: ['sales loft'] },
  { name: 'Reply.io', category: 'sales_engagement', segment: 'b2b', aliases: ['reply.io'] },
  { name: 'Lemlist', category: 'sales_engagement', segment: 'b2b' },
  { name: 'Instantly', category: 'sales_engagement', segment: 'b2b', aliases: ['instantly.ai'], ambiguous: { collisions: [], context: SALES_CONTEXT } },
  { name: 'Smartlead', category: 'sales_engagement', segment: 'b2b', aliases: ['smartlead.ai'] },
  { name: 'Mailshake', category: 'sales_engagement', segment: 'b2b' },
  { name: 'Woodpecker', category: 'sales_engagement', segment: 'b2b', ambiguous: { collisions: ['bird', 'birds', 'tree'], context: SALES_CONTEXT } },
  { name: 'Yesware', category: 'sales_engagement', segment: 'b2b' },
  { name: 'Aircall', category: 'sales_engagement', segment: 'b2b' },
  { name: 'Dialpad', category: 'sales_engagement', segment: 'b2b' },
  { name: 'RingCentral', category: 'sales_engagement', segment: 'b2b' },
  // Conversation intelligence
  { name: 'Gong', category: 'conversation_intelligence', segment: 'b2b', aliases: ['gong.io'], ambiguous: { collisions: ['bath', 'meditation', 'drum', 'show'], context: ['calls', 'call', 'recording', 'recordings', 'sales', 'reps', 'coaching', 'deals', 'pipeline', 'chorus', 'seats', 'renewal', 'pricing', 'contract', 'license', 'licenses'] } },
  { name: 'Chorus.ai', category: 'conversation_intelligence', segment: 'b2b', aliases: ['chorus.ai'] },
  { name: 'Fireflies', category: 'conversation_intelligence', segment: 'b2b', aliases: ['fireflies.ai'], ambiguous: { collisions: ['summer', 'night', 'jar', 'insects'], context: ['meeting', 'meetings', 'notes', 'transcription', 'calls'] } },
  { name: 'Otter.ai', category: 'conversation_intelligence', segment: 'prosumer', aliases: ['otter.ai'] },
  // Support desks / chat
  { name: 'Zendesk', category: 'support', segment: 'b2b' },
  { name: 'Freshdesk', category: 'support', segment: 'b2b' },
  { name: 'Intercom', category: 'support', segment: 'b2b', ambiguous: { collisions: ['door', 'doorbell', 'apartment', 'building', 'buzzer', 'baby'], context: ['support', 'chat', 'tickets', 'customers', 'helpdesk', 'inbox', 'pricing', 'seats', 'saas', 'alternative'] } },
  { name: 'Help Scout', category: 'support', segment: 'b2b', aliases: ['helpscout'] },
  { name: 'Front', category: 'support', segment: 'b2b', aliases: ['frontapp', 'front app'], ambiguous: { collisions: ['end', 'door', 'page', 'row', 'line', 'desk', 'yard', 'runner', 'office', 'seat'], context: ['shared inbox', 'inbox', 'support', 'tickets', 'helpdesk'] } },
  { name: 'Gorgias', category: 'support', segment: 'b2b' },
  { name: 'Kustomer', category: 'support', segment: 'b2b' },
  { name: 'Drift', category: 'support', segment: 'b2b', ambiguous: { collisions: ['car', 'cars', 'racing', 'tokyo', 'snow', 'continental', 'genetic', 'clock'], context: ['chatbot', 'chat', 'conversational', 'website', 'leads', 'marketing'] } },
  { name: 'LiveChat', category: 'support', segment: 'b2b' },
  { name: 'Tawk.to', category: 'support', segment: 'b2b', aliases: ['tawk.to', 'tawk'] },
  // Monitoring / observability / incident
  { name: 'Datadog', category: 'monitoring', segment: 'b2b', aliases: ['data dog'] },
  { name: 'New Relic', category: 'monitoring', segment: 'b2b', aliases: ['newrelic'] },
  { name: 'Splunk', category: 'monitoring', segment: 'b2b' },
  { name: 'Sentry', category: 'monitoring', segment: 'b2b', aliases: ['sentry.io'], ambiguous: { collisions: ['gun', 'guns', 'tower', 'mode', 'turret'], context: ['errors', 'error', 'exceptions', 'monitoring', 'tracking', 'alerts', 'stack'] } },
  { name: 'PagerDuty', category: 'monitoring', segment: 'b2b' },
  { name: 'Opsgenie', category: 'monitoring', segment: 'b2b' },
  { name: 'Grafana', category: 'monitoring', segment: 'technical', aliases: ['grafana cloud'] },
  { name: 'Prometheus', category: 'monitoring', segment: 'technical', ambiguous: { collisions: ['myth', 'fire', 'film', 'movie', 'titan', 'greek'], context: ['metrics', 'monitoring', 'alerts', 'grafana', 'exporter', 'kubernetes'] } },
  { name: 'Pingdom', category: 'monitoring', segment: 'b2b' },
  { name: 'UptimeRobot', category: 'monitoring', segment: 'prosumer', aliases: ['uptime robot'] },
  { name: 'Better Stack', category: 'monitoring', segment: 'b2b', aliases: ['betterstack', 'better uptime', 'logtail'] },
  { name: 'Dynatrace', category: 'monitoring', segment: 'b2b' },
  { name: 'AppDynamics', category: 'monitoring', segment: 'b2b' },
  { name: 'Honeycomb', category: 'monitoring', segment: 'b2b', aliases: ['honeycomb.io'], ambiguous: { collisions: ['bees', 'bee', 'honey', 'cereal', 'wax', 'pattern'], context: ['observability', 'tracing', 'traces', 'monitoring', 'events'] } },
  { name: 'Papertrail', category: 'monitoring', segment: 'b2b' },
  { name: 'Loggly', category: 'monitoring', segment: 'b2b' },
  // Docs / knowledge / collaboration
  { name: 'Confluence', category: 'docs', segment: 'b2b', ambiguous: { collisions: ['river', 'rivers', 'of events', 'factors'], context: ['wiki', 'docs', 'documentation', 'jira', 'atlassian', 'pages', 'team', 'space', 'spaces'] } },
  { name: 'Notion', category: 'docs', segment: 'prosumer', aliases: ['notion.so'], ambiguous: { collisions: ['the notion', 'a notion', 'this notion', 'that notion', 'any notion', 'no notion'], context: WORK_CONTEXT, capitalisedOk: true } },
  { name: 'GitBook', category: 'docs', segment: 'b2b' },
  { name: 'ReadMe', category: 'docs', segment: 'b2b', aliases: ['readme.com', 'readme.io'], ambiguous: { collisions: ['file', 'github', 'repo', 'md'], context: ['api docs', 'developer hub', 'pricing'] } },
  { name: 'Slite', category: 'docs', segment: 'b2b' },
  { name: 'Guru', category: 'docs', segment: 'b2b', aliases: ['getguru'], ambiguous: { collisions: ['spiritual', 'yoga', 'fitness', 'marketing guru', 'investment'], context: ['knowledge base', 'wiki', 'cards', 'slack'] } },
  { name: 'Coda', category: 'docs', segment: 'prosumer', aliases: ['coda.io'], ambiguous: { collisions: ['movie', 'film', 'music', 'song', 'album'], context: ['docs', 'doc', 'tables', 'notion', 'wiki'] } },
  { name: 'Slack', category: 'collaboration', segment: 'b2b', aliases: ['slack app', 'slackhq'], ambiguous: { context: WORK_CONTEXT, capitalisedOk: true, collisions: ['slack-fill', 'much slack', 'the slack', 'some slack', 'slack off', 'slacking', 'slack tide', 'slack water', 'slack line', 'slackline', 'slack jaw', 'slack-jawed', 'slack rope', 'slack in'] } },
  { name: 'Microsoft Teams', category: 'collaboration', segment: 'b2b', aliases: ['ms teams', 'msteams'] },
  { name: 'Zoom', category: 'collaboration', segment: 'b2b', aliases: ['zoom.us'], ambiguous: { collisions: ['in', 'out', 'lens', 'level'], context: ['meeting', 'meetings', 'calls', 'webinar', 'video', 'license', 'licenses'] } },
  { name: 'Mattermost', category: 'collaboration', segment: 'technical' },
  { name: 'Rocket.Chat', category: 'collaboration', segment: 'technical', aliases: ['rocket.chat', 'rocketchat'] },
  { name: 'Loom', category: 'collaboration', segment: 'prosumer', ambiguous: { collisions: ['weaving', 'looms', 'textile', 'large', 'fruit'], context: ['video', 'videos', 'recording', 'screen'] } },
  { name: 'Miro', category: 'collaboration', segment: 'b2b' },
  { name: 'Dropbox', category: 'storage', segment: 'prosumer', aliases: ['dropbox business'] },
  { name: 'Box', category: 'storage', segment: 'b2b', aliases: ['box.com'], ambiguous: { collisions: ['a box', 'the box', 'black box', 'inbox', 'checkbox', 'sandbox', 'text box', 'boxes', 'out of the box'], context: ['files', 'storage', 'enterprise', 'sharing', 'dropbox'] } },
  { name: 'Google Drive', category: 'storage', segment: 'prosumer', aliases: ['gdrive', 'google workspace', 'g suite', 'gsuite'] },
  { name: 'OneDrive', category: 'storage', segment: 'prosumer', aliases: ['sharepoint'] },
  { name: 'Backblaze', category: 'storage', segment: 'prosumer', aliases: ['backblaze b2'] },
  { name: 'Wasabi', category: 'storage', segment: 'b2b', ambiguous: { collisions: ['sushi', 'peas', 'sauce', 'spicy', 'ginger'], context: ['storage', 'bucket', 's3', 'backup'] } },
  { name: 'Tresorit', category: 'storage', segment: 'b2b' },
  { name: 'SpiderOak', category: 'storage', segment: 'prosumer' },
  { name: 'Syncthing', category: 'storage', segment: 'technical' },
  { name: 'Nextcloud', category: 'storage', segment: 'technical', aliases: ['owncloud'] },
  // Project management / dev planning
  { name: 'Jira', category: 'project_management', segment: 'b2b', aliases: ['jira software', 'atlassian jira'] },
  { name: 'Asana', category: 'project_management', segment: 'b2b', ambiguous: { collisions: ['yoga', 'pose', 'poses'], context: [] } },
  { name: 'Trello', category: 'project_management', segment: 'prosumer' },
  { name: 'ClickUp', category: 'project_management', segment: 'b2b', aliases: ['click up'] },
  { name: 'Linear', category: 'project_management', segment: 'b2b', aliases: ['linear.app'], ambiguous: { collisions: ['algebra', 'regression', 'time', 'function', 'model', 'scale', 'equation', 'equations', 'programming', 'growth'], context: ['issues', 'tickets', 'jira', 'sprints', 'issue tracker', 'roadmap'] } },
  { name: 'Basecamp', category: 'project_management', segment: 'b2b', ambiguous: { collisions: ['everest', 'climb', 'climbers', 'mountain', 'hiking'], context: [] } },
  { name: 'Clubhouse', category: 'project_management', segment: 'b2b', aliases: ['shortcut'], ambiguous: { collisions: ['audio', 'rooms', 'golf', 'club house'], context: ['jira', 'stories', 'tickets', 'sprints', 'project'] } },
  { name: 'Smartsheet', category: 'project_management', segment: 'b2b' },
  { name: 'Wrike', category: 'project_management', segment: 'b2b' },
  { name: 'Todoist', category: 'project_management', segment: 'consumer' },
  // Marketing / email marketing / analytics
  { name: 'Mailchimp', category: 'marketing', segment: 'b2b', aliases: ['mail chimp'] },
  { name: 'Marketo', category: 'marketing', segment: 'b2b' },
  { name: 'Pardot', category: 'marketing', segment: 'b2b', aliases: ['account engagement'] },
  { name: 'ActiveCampaign', category: 'marketing', segment: 'b2b', aliases: ['active campaign'] },
  { name: 'Klaviyo', category: 'marketing', segment: 'b2b' },
  { name: 'ConvertKit', category: 'marketing', segment: 'b2b', aliases: ['kit.com'] },
  { name: 'SendGrid', category: 'email', segment: 'b2b', aliases: ['send grid'] },
  { name: 'Mailgun', category: 'email', segment: 'b2b' },
  { name: 'Postmark', category: 'email', segment: 'b2b', ambiguous: { collisions: ['stamp', 'letter', 'envelope', 'dated'], context: ['email', 'emails', 'transactional', 'smtp', 'api', 'deliverability'] } },
  { name: 'Amazon SES', category: 'email', segment: 'b2b', aliases: ['aws ses'] },
  { name: 'Fastmail', category: 'email', segment: 'prosumer' },
  { name: 'Zoho Mail', category: 'email', segment: 'b2b' },
  { name: 'ProtonMail', category: 'email', segment: 'prosumer', aliases: ['proton mail'] },
  { name: 'Google Analytics', category: 'analytics', segment: 'b2b', aliases: ['ga4'] },
  { name: 'Mixpanel', category: 'analytics', segment: 'b2b' },
  { name: 'Amplitude', category: 'analytics', segment: 'b2b', ambiguous: { collisions: ['wave', 'signal', 'modulation', 'frequency', 'oscillation', 'high', 'low'], context: ['analytics', 'events', 'product', 'funnels', 'mixpanel', 'dashboards'] } },
  { name: 'Heap', category: 'analytics', segment: 'b2b', aliases: ['heap analytics'], ambiguous: { collisions: ['memory', 'allocation', 'sort', 'stack', 'overflow', 'binary', 'a heap', 'the heap'], context: ['analytics', 'events', 'product', 'funnels', 'mixpanel'] } },
  { name: 'PostHog', category: 'analytics', segment: 'b2b' },
  { name: 'Hotjar', category: 'analytics', segment: 'b2b' },
  { name: 'Segment', category: 'analytics', segment: 'b2b', aliases: ['segment.com', 'segment.io'], ambiguous: { collisions: ['market', 'customer', 'a segment', 'this segment', 'segments', 'line', 'tv'], context: ['cdp', 'tracking', 'events', 'analytics', 'pipelines'] } },
  { name: 'Tableau', category: 'analytics', segment: 'b2b' },
  { name: 'Looker', category: 'analytics', segment: 'b2b' },
  { name: 'Power BI', category: 'analytics', segment: 'b2b', aliases: ['powerbi'] },
  { name: 'Metabase', category: 'analytics', segment: 'technical' },
  { name: 'Semrush', category: 'marketing', segment: 'b2b', aliases: ['sem rush'] },
  { name: 'Ahrefs', category: 'marketing', segment: 'b2b' },
  { name: 'Hootsuite', category: 'marketing', segment: 'b2b' },
  { name: 'Buffer', category: 'marketing', segment: 'prosumer', ambiguous: { collisions: ['overflow', 'memory', 'ring', 'size', 'zone', 'stock', 'a buffer', 'the buffer'], context: ['social', 'posts', 'scheduling', 'twitter', 'instagram', 'hootsuite'] } },
  // HR / payroll / recruiting
  { name: 'Gusto', category: 'hr', segment: 'b2b', ambiguous: { collisions: ['with gusto', 'great gusto'], context: ['payroll', 'benefits', 'hr', 'employees', 'contractors'] } },
  { name: 'Rippling', category: 'hr', segment: 'b2b' },
  { name: 'BambooHR', category: 'hr', segment: 'b2b', aliases: ['bamboo hr'] },
  { name: 'Workday', category: 'hr', segment: 'b2b', ambiguous: { collisions: ['a workday', 'the workday', 'my workday', 'long workday', 'workday ends'], context: ['hr', 'hcm', 'payroll', 'erp', 'implementation'] } },
  { name: 'Deel', category: 'hr', segment: 'b2b' },
  { name: 'Remote.com', category: 'hr', segment: 'b2b', aliases: ['remote.com'] },
  { name: 'Justworks', category: 'hr', segment: 'b2b' },
  { name: 'ADP', category: 'hr', segment: 'b2b' },
  { name: 'Paychex', category: 'hr', segment: 'b2b' },
  { name: 'Greenhouse', category: 'hr', segment: 'b2b', ambiguous: { collisions: ['gas', 'gases', 'effect', 'plants', 'tomatoes', 'garden', 'emissions'], context: ['ats', 'recruiting', 'hiring', 'candidates', 'lever'] } },
  { name: 'Lever', category: 'hr', segment: 'b2b', ambiguous: { collisions: ['pull', 'arm', 'brake', 'pull the lever'], context: ['ats', 'recruiting', 'hiring', 'candidates', 'greenhouse'] } },
  { name: 'Workable', category: 'hr', segment: 'b2b', ambiguous: { collisions: ['solution', 'plan', 'compromise', 'is workable', 'not workable'], context: ['ats', 'recruiting', 'hiring', 'candidates'] } },
  { name: 'Personio', category: 'hr', segment: 'b2b' },
  { name: 'HiBob', category: 'hr', segment: 'b2b', aliases: ['hi bob'] },
  // Payments / finance / accounting / legal entity
  { name: 'Stripe', category: 'payments', segment: 'b2b', aliases: ['stripe payments', 'stripe billing'], ambiguous: { collisions: ['stripes', 'racing stripe', 'zebra', 'pinstripe'] } },
  { name: 'Stripe Atlas', category: 'legal', segment: 'b2b' },
  { name: 'Braintree', category: 'payments', segment: 'b2b' },
  { name: 'PayPal', category: 'payments', segment: 'prosumer' },
  { name: 'Adyen', category: 'payments', segment: 'b2b' },
  { name: 'Square', category: 'payments', segment: 'b2b', aliases: ['squareup'], ambiguous: { collisions: ['root', 'feet', 'foot', 'meters', 'times square', 'town square', 'one', 'back to square'], context: ['pos', 'payments', 'card reader', 'terminal', 'invoices', 'processing', 'fees'] } },
  { name: 'Paddle', category: 'payments', segment: 'b2b', aliases: ['paddle.com'], ambiguous: { collisions: ['kayak', 'canoe', 'boat', 'board', 'ping pong', 'tennis'], context: ['merchant of record', 'billing', 'payments', 'saas', 'vat', 'subscriptions'] } },
  { name: 'Chargebee', category: 'payments', segment: 'b2b' },
  { name: 'Recurly', category: 'payments', segment: 'b2b' },
  { name: 'Lemon Squeezy', category: 'payments', segment: 'b2b', aliases: ['lemonsqueezy'] },
  { name: 'Google Wallet', category: 'payments', segment: 'consumer', aliases: ['google pay'] },
  { name: 'App Engine', category: 'hosting', segment: 'b2b', aliases: ['appengine', 'google app engine'] },
  { name: 'QuickBooks', category: 'accounting', segment: 'b2b', aliases: ['quickbooks online', 'qbo', 'intuit quickbooks'] },
  { name: 'Xero', category: 'accounting', segment: 'b2b' },
  { name: 'FreshBooks', category: 'accounting', segment: 'b2b' },
  { name: 'Wave', category: 'accounting', segment: 'b2b', aliases: ['wave accounting', 'waveapps'], ambiguous: { collisions: ['heat', 'first', 'second', 'new', 'sound', 'radio', 'microwave', 'a wave', 'the wave', 'waves', 'ocean'], context: ['accounting', 'invoices', 'invoicing', 'bookkeeping', 'quickbooks', 'xero'] } },
  { name: 'NetSuite', category: 'accounting', segment: 'b2b', aliases: ['oracle netsuite'] },
  { name: 'Bench', category: 'accounting', segment: 'b2b', aliases: ['bench.co'], ambiguous: { collisions: ['press', 'park', 'work', 'judge', 'a bench', 'the bench', 'mark'], context: ['bookkeeping', 'bookkeeper', 'accounting', 'taxes'] } },
  { name: 'Expensify', category: 'accounting', segment: 'b2b' },
  { name: 'Brex', category: 'accounting', segment: 'b2b' },
  { name: 'Ramp', category: 'accounting', segment: 'b2b', ambiguous: { collisions: ['up', 'down', 'on', 'off', 'a ramp', 'the ramp', 'wheelchair', 'boat', 'highway'], context: ['corporate card', 'cards', 'expenses', 'spend', 'brex', 'finance'] } },
  { name: 'Mint', category: 'consumer_finance', segment: 'consumer', aliases: ['mint.com'], ambiguous: { collisions: ['condition', 'leaves', 'tea', 'chocolate', 'flavor', 'us mint', 'royal mint', 'gum', 'nft', 'nfts', 'token'], context: ['budget', 'budgeting', 'personal finance', 'finance', 'money', 'ynab', 'alternatives', 'alternative'] } },
  { name: 'YNAB', category: 'consumer_finance', segment: 'consumer', aliases: ['you need a budget'] },
  { name: 'DocuSign', category: 'legal', segment: 'b2b' },
  { name: 'PandaDoc', category: 'legal', segment: 'b2b' },
  { name: 'Clerky', category: 'legal', segment: 'b2b' },
  { name: 'LegalZoom', category: 'legal', segment: 'prosumer' },
  // Hosting / cloud / domains
  { name: 'AWS', category: 'hosting', segment: 'b2b', aliases: ['amazon web services', 'ec2'] },
  { name: 'Google Cloud', category: 'hosting', segment: 'b2b', aliases: ['gcp', 'google cloud platform'] },
  { name: 'Azure', category: 'hosting', segment: 'b2b', aliases: ['microsoft azure'], ambiguous: { collisions: ['sky', 'blue', 'coast', 'window'], context: [] } },
  { name: 'DigitalOcean', category: 'hosting', segment: 'b2b', aliases: ['digital ocean'] },
  { name: 'Linode', category: 'hosting', segment: 'b2b', aliases: ['akamai cloud'] },
  { name: 'Vultr', category: 'hosting', segment: 'b2b' },
  { name: 'Hetzner', category: 'hosting', segment: 'b2b' },
  { name: 'OVH', category: 'hosting', segment: 'b2b', aliases: ['ovhcloud'] },
  { name: 'Heroku', category: 'hosting', segment: 'b2b' },
  { name: 'Vercel', category: 'hosting', segment: 'b2b' },
  { name: 'Netlify', category: 'hosting', segment: 'b2b' },
  { name: 'Cloudflare', category: 'hosting', segment: 'b2b' },
  { name: 'Namecheap', category: 'hosting', segment: 'prosumer' },
  { name: 'GoDaddy', category: 'hosting', segment: 'prosumer', aliases: ['go daddy'] },
  // Identity / security
  { name: 'Okta', category: 'identity', segment: 'b2b' },
  { name: 'Auth0', category: 'identity', segment: 'b2b' },
  { name: 'OneLogin', category: 'identity', segment: 'b2b' },
  { name: 'JumpCloud', category: 'identity', segment: 'b2b' },
  { name: '1Password', category: 'security', segment: 'prosumer', aliases: ['1password business'] },
  { name: 'LastPass', category: 'security', segment: 'prosumer' },
  { name: 'Bitwarden', category: 'security', segment: 'prosumer' },
  { name: 'HashiCorp Vault', category: 'security', segment: 'technical', aliases: ['hashicorp vault', 'vault'], ambiguous: { collisions: ['bank', 'door', 'pole', 'gymnastics', 'fallout', 'seed'], context: ['secrets', 'hashicorp', 'tokens', 'kubernetes'] } },
  { name: 'Vanta', category: 'security', segment: 'b2b' },
  { name: 'Drata', category: 'security', segment: 'b2b' },
  { name: 'CrowdStrike', category: 'security', segment: 'b2b' },
  // Ecommerce / scheduling / design
  { name: 'Shopify', category: 'ecommerce', segment: 'b2b' },
  { name: 'WooCommerce', category: 'ecommerce', segment: 'b2b', aliases: ['woo commerce'] },
  { name: 'BigCommerce', category: 'ecommerce', segment: 'b2b' },
  { name: 'Calendly', category: 'scheduling', segment: 'prosumer' },
  { name: 'Acuity Scheduling', category: 'scheduling', segment: 'prosumer', aliases: ['acuity'] },
  { name: 'Chili Piper', category: 'scheduling', segment: 'b2b', aliases: ['chilipiper'] },
  { name: 'Figma', category: 'design', segment: 'b2b' },
  { name: 'Canva', category: 'design', segment: 'prosumer' },
  // Technical / open-source (discussion rather than purchase)
  { name: 'PostgreSQL', category: 'database', segment: 'technical', aliases: ['postgres'] },
  { name: 'MySQL', category: 'database', segment: 'technical', aliases: ['mariadb'] },
  { name: 'MongoDB', category: 'database', segment: 'technical', aliases: ['mongo', 'mongodb atlas'] },
  { name: 'Cassandra', category: 'database', segment: 'technical', aliases: ['apache cassandra'] },
  { name: 'Riak', category: 'database', segment: 'technical' },
  { name: 'Redis', category: 'database', segment: 'technical' },
  { name: 'Elasticsearch', category: 'database', segment: 'technical', aliases: ['elastic', 'opensearch'] },
  { name: 'Firebase', category: 'database', segment: 'technical' },
  { name: 'Supabase', category: 'database', segment: 'technical' },
  { name: 'Snowflake', category: 'database', segment: 'b2b', ambiguous: { collisions: ['snow', 'winter', 'special snowflake', 'christmas'], context: ['warehouse', 'data', 'sql', 'dbt', 'bigquery', 'credits'] } },
  { name: 'BigQuery', category: 'database', segment: 'b2b' },
  { name: 'tcpdump', category: 'dev_tools', segment: 'technical', aliases: ['wireshark'] },
  { name: 'GitHub', category: 'dev_tools', segment: 'b2b', aliases: ['github enterprise'] },
  { name: 'GitLab', category: 'dev_tools', segment: 'b2b' },
  { name: 'Bitbucket', category: 'dev_tools', segment: 'b2b' },
  { name: 'CircleCI', category: 'dev_tools', segment: 'b2b', aliases: ['circle ci'] },
  { name: 'Jenkins', category: 'dev_tools', segment: 'technical' },
  { name: 'Postman', category: 'dev_tools', segment: 'b2b', ambiguous: { collisions: ['mail', 'letter', 'letters', 'dog', 'delivery', 'pat'], context: ['api', 'apis', 'requests', 'collections', 'insomnia'] } },
];

/**
 * Generic product-category phrases (lower case, token sequences) and the category they name.
 * An ask whose object is one of these is an ask for a product, not for advice.
 */
export const CATEGORY_TERMS: ReadonlyArray<readonly [string, VendorCategory]> = [
  ['crm', 'crm'], ['crm software', 'crm'], ['customer relationship management', 'crm'], ['pipeline management', 'crm'],
  ['sales intelligence', 'sales_intelligence'], ['contact data', 'sales_intelligence'], ['b2b data', 'sales_intelligence'], ['data provider', 'sales_intelligence'], ['lead database', 'sales_intelligence'], ['contact database', 'sales_intelligence'], ['data enrichment', 'sales_intelligence'], ['enrichment tool', 'sales_intelligence'], ['lead generation', 'sales_intelligence'], ['lead gen', 'sales_intelligence'], ['intent data', 'sales_intelligence'], ['email finder', 'sales_intelligence'],
  ['sales engagement', 'sales_engagement'], ['cold email', 'sales_engagement'], ['cold emailing', 'sales_engagement'], ['email sequencing', 'sales_engagement'], ['outreach tool', 'sales_engagement'], ['dialer', 'sales_engagement'], ['power dialer', 'sales_engagement'], ['call recording', 'conversation_intelligence'], ['conversation intelligence', 'conversation_intelligence'],
  ['helpdesk', 'support'], ['help desk', 'support'], ['ticketing', 'support'], ['ticketing system', 'support'], ['customer support', 'support'], ['support desk', 'support'], ['shared inbox', 'support'], ['live chat', 'support'], ['knowledge base', 'docs'],
  ['monitoring', 'monitoring'], ['monitoring tool', 'monitoring'], ['uptime monitoring', 'monitoring'], ['log monitoring', 'monitoring'], ['log management', 'monitoring'], ['apm', 'monitoring'], ['observability', 'monitoring'], ['alerting', 'monitoring'], ['error tracking', 'monitoring'], ['on-call', 'monitoring'], ['status page', 'monitoring'], ['incident management', 'monitoring'],
  ['documentation', 'docs'], ['documentation tool', 'docs'], ['internal documentation', 'docs'], ['wiki', 'docs'], ['internal wiki', 'docs'], ['docs tool', 'docs'], ['api documentation', 'docs'],
  ['analytics', 'analytics'], ['product analytics', 'analytics'], ['web analytics', 'analytics'], ['bi tool', 'analytics'], ['business intelligence', 'analytics'], ['dashboarding', 'analytics'],
  ['payroll', 'hr'], ['hris', 'hr'], ['ats', 'hr'], ['applicant tracking', 'hr'], ['recruiting software', 'hr'], ['employer of record', 'hr'], ['eor', 'hr'], ['peo', 'hr'], ['talent management', 'hr'], ['benefits administration', 'hr'],
  ['payment gateway', 'payments'], ['payment processor', 'payments'], ['payment processing', 'payments'], ['payment provider', 'payments'], ['merchant account', 'payments'], ['payments', 'payments'], ['billing', 'payments'], ['subscription billing', 'payments'], ['invoicing', 'accounting'], ['merchant of record', 'payments'], ['ecommerce gateway', 'payments'],
  ['accounting', 'accounting'], ['accounting software', 'accounting'], ['accountant', 'accounting'], ['bookkeeping', 'accounting'], ['bookkeeper', 'accounting'], ['finance tool', 'accounting'], ['expense management', 'accounting'], ['erp', 'accounting'], ['debt collection', 'accounting'], ['collections software', 'accounting'], ['tax', 'accounting'], ['cpa', 'accounting'],
  ['project management', 'project_management'], ['task management', 'project_management'], ['issue tracker', 'project_management'], ['bug tracker', 'project_management'],
  ['email marketing', 'marketing'], ['marketing automation', 'marketing'], ['seo tool', 'marketing'], ['social media management', 'marketing'], ['newsletter', 'marketing'], ['landing page', 'marketing'],
  ['email provider', 'email'], ['email hosting', 'email'], ['transactional email', 'email'], ['smtp', 'email'], ['email service', 'email'],
  ['hosting', 'hosting'], ['web hosting', 'hosting'], ['vps', 'hosting'], ['vps provider', 'hosting'], ['cloud provider', 'hosting'], ['dedicated server', 'hosting'], ['cdn', 'hosting'], ['paas', 'hosting'], ['domain registrar', 'hosting'], ['registrar', 'hosting'],
  ['cloud storage', 'storage'], ['file sharing', 'storage'], ['file sync', 'storage'], ['backup', 'storage'], ['backups', 'storage'], ['object storage', 'storage'],
  ['secrets management', 'security'], ['password manager', 'security'], ['soc 2', 'security'], ['soc2', 'security'], ['compliance', 'security'], ['vulnerability scanning', 'security'], ['pentest', 'security'], ['penetration testing', 'security'],
  ['sso', 'identity'], ['idaas', 'identity'], ['login provider', 'identity'], ['identity provider', 'identity'], ['authentication', 'identity'], ['auth provider', 'identity'],
  ['ecommerce platform', 'ecommerce'], ['online store', 'ecommerce'],
  ['scheduling software', 'scheduling'], ['appointment scheduling', 'scheduling'], ['booking system', 'scheduling'],
  ['crowdsourced testing', 'dev_tools'], ['testing platform', 'dev_tools'], ['qa testing', 'dev_tools'], ['ci', 'dev_tools'], ['ci/cd', 'dev_tools'], ['code review', 'dev_tools'],
  ['e-signature', 'legal'], ['esignature', 'legal'], ['incorporation', 'legal'], ['company formation', 'legal'], ['registered agent', 'legal'],
  ['video conferencing', 'collaboration'], ['team chat', 'collaboration'], ['intranet', 'collaboration'],
  ['personal budgeting', 'consumer_finance'], ['budgeting app', 'consumer_finance'], ['personal finance', 'consumer_finance'],
];

/** Categories that are bought by businesses; asking for one of these is a stronger signal. */
export const B2B_CATEGORIES: ReadonlySet<VendorCategory> = new Set<VendorCategory>([
  'crm', 'sales_intelligence', 'sales_engagement', 'conversation_intelligence', 'support', 'monitoring', 'docs', 'analytics', 'hr', 'payments', 'accounting', 'project_management', 'marketing', 'hosting', 'security', 'identity', 'ecommerce', 'email', 'legal',
]);
