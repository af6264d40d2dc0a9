/**
 * The rubric as data: each cue is a pattern, what it means and how much it moves the score.
 * features.ts runs them; score.ts combines them. Tune here, not in code.
 *
 * Kinds:
 * - asks set the base level (the strongest ask wins, they do not add up);
 * - modifiers add or subtract once each, and only when there is some ask or frustration;
 * - negatives cap the score unless a real ask for a product overrides them (hard ones never yield).
 */

export type AskKind =
  | 'explicit_ask'
  | 'which_ask'
  | 'need'
  | 'switching'
  | 'better_ask'
  | 'comparison'
  | 'exists_ask'
  | 'survey_purpose'
  | 'experience_ask'
  | 'practice_ask'
  | 'survey_ask';

export type ModifierKind =
  | 'business'
  | 'team_size'
  | 'budget'
  | 'price'
  | 'timeline'
  | 'volume'
  | 'evaluating'
  | 'frustration'
  | 'personal'
  | 'solo'
  | 'dev_library'
  | 'open_source';

export type NegativeKind =
  | 'self_promotion'
  | 'founder_validation'
  | 'ad'
  | 'job_post'
  | 'person_search'
  | 'seller_side'
  | 'news'
  | 'content'
  | 'opinion'
  | 'decided'
  | 'outage'
  | 'informational'
  | 'build_not_buy'
  | 'discussion'
  | 'joke'
  | 'injection'
  | 'link_headline';

export interface AskCue {
  readonly kind: AskKind;
  readonly pattern: RegExp;
  /** Base score when this ask is the strongest one found. */
  readonly level: number;
  /** Where the asked-for thing must be: after the cue, in its sentence, anywhere in the post, or not needed. */
  readonly object: 'tail' | 'sentence' | 'text' | 'none';
  /** Only counts in a question or next to a first-person need ("Salesforce alternative for SMBs" is an article title). */
  readonly needsQuestion?: boolean;
  /** Only counts when the writer speaks for themselves ("HP is moving from Salesforce" is news). */
  readonly needsFirstPerson?: boolean;
}

export interface ModifierCue {
  readonly kind: ModifierKind;
  readonly pattern: RegExp;
  readonly weight: number;
}

export interface NegativeCue {
  readonly kind: NegativeKind;
  readonly pattern: RegExp;
  /** Highest score a post with this cue can get. */
  readonly cap: number;
  /** Wins even over an explicit ask (a Show HN that also "looks for feedback"). */
  readonly hard?: boolean;
}

export const ASK_CUES: readonly AskCue[] = [
  { kind: 'explicit_ask', level: 6, object: 'sentence', pattern: /\b(?:can|could|would) (?:any(?:one|body)|some(?:one|body)|you(?: guys| all)?|y'?all|people|folks)(?: here)?(?: please)? (?:recommend|suggest|point me)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'sentence', pattern: /\b(?:what|which)\b[^.?!\n]{0,60}\b(?:would|do|does|could|should|can) (?:you|y'?all|people|folks|everyone|anyone|hn|reddit)(?: guys| all)? (?:recommend|suggest)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\b(?:recommend(?:ation)?s?|suggestions?|suggestion|recs|advice|pointers) (?:for|on|about|regarding)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\b(?:please |pls )?recommend(?:ed)? (?:me |us )?(?:a|an|some|any|good|the best|me)?\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'sentence', pattern: /\b(?:any|some|need|want|looking for) (?:good |solid |quick )?(?:recommendations?|suggestions?|recs)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\b(?:looking|searching|shopping(?: around)?|hunting|on the hunt) for\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\bin the market for\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'sentence', needsQuestion: true, pattern: /\balternatives?\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', needsQuestion: true, pattern: /\b(?:equivalent|replacement|substitute)s? (?:of|to|for)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\b(?:find|found|get|hire) (?:me )?(?:a|an)\b(?=[^.?!\n]*\?)/gi },
  { kind: 'which_ask', level: 6, object: 'sentence', pattern: /\bwhat(?:'s| is| are)(?: some| a| the)?(?: really)? (?:good|great|best|decent|cheap|affordable|reliable|recommended|solid|top|simple|easy|popular|go-to)\b/gi },
  { kind: 'which_ask', level: 6, object: 'sentence', pattern: /\b(?:which|what) (?:[\w.'/()-]+ ){0,5}?(?:should|would|could|can) (?:i|we|one|my team|our team)\b/gi },
  { kind: 'which_ask', level: 6, object: 'sentence', needsQuestion: true, pattern: /\b(?:which|what) (?:[\w.'/()-]+ ){0,3}?(?:tool|software|service|provider|platform|vendor|app|crm|solution|product|gateway|processor|host|hosting|company|agency)s? (?:for|to|that|is best|works)\b/gi },
  { kind: 'which_ask', level: 6, object: 'sentence', pattern: /\bwhich (?:[\w.'/()-]+ ){0,3}?(?:tool|software|service|provider|platform|vendor|app|crm|solution|product|gateway|one)s?\b/gi },
  { kind: 'need', level: 6, object: 'tail', pattern: /\b(?:we|i|my team|our team|our company|my company|my startup|our startup)(?:'re|'m| are| am)?(?: really| urgently| desperately)? (?:need|needs|require|requires|want|wants|are after)\b/gi },
  { kind: 'switching', level: 6, object: 'tail', needsFirstPerson: true, pattern: /\b(?:switch(?:ing)?|mov(?:e|ing)|migrat(?:e|ing)|transition(?:ing)?|get(?:ting)?) (?:away )?(?:from|off(?: of)?)\b/gi },
  { kind: 'switching', level: 6, object: 'tail', needsFirstPerson: true, pattern: /\b(?:replace|replacing|ditch|ditching|leave|leaving|cancel(?:l?ing)?|dump|dumping|move on from)\b(?! (?:a|my|the) (?:comment|review|tip|message|note))/gi },
  { kind: 'need', level: 6, object: 'tail', pattern: /\b(?:need|needs|needing) (?:a|an|some|help finding|to find|to replace|recommendations?)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'text', pattern: /(?:^|[.!?\n]\s*)(?:any )?(?:suggestions|ideas|recommendations|recs|advice|pointers|options)\s*\?/gi },
  { kind: 'explicit_ask', level: 6, object: 'none', pattern: /\bany (?:[\w-]+ ){0,2}(?:accountants?|lawyers?|attorneys?|consultants?|agencies|freelancers?|bookkeepers?|vendors?|providers?|recruiters?|msps?)(?: here| out there)?\b/gi },
  { kind: 'switching', level: 6, object: 'tail', pattern: /\b(?:thinking (?:about|of)|considering|planning (?:on|to)|looking (?:at|into)) (?:moving|switching|migrating|going) (?:over )?to\b/gi },
  { kind: 'comparison', level: 6, object: 'sentence', pattern: /\bis [\w.]+(?: [\w.]+)? (?:really )?worth (?:it|the money|paying|the price|switching|upgrading)\b/gi },
  { kind: 'better_ask', level: 6, object: 'none', pattern: /\b(?:using|use|switch to|go with|recommend) instead\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'tail', pattern: /\b(?:rfp|rfi|rfq|request for proposals?|tender)\b/gi },
  { kind: 'explicit_ask', level: 6, object: 'text', pattern: /\bwhere (?:did|do|should|would|can) (?:everyone|you|people|y'?all|we|i|folks)(?: guys)? (?:move|go|switch|migrate|host|buy|get|find)\b|\bwhere (?:to|can i|should i|should we|can we) (?:host|buy|get|find)\b/gi },
  { kind: 'switching', level: 6, object: 'tail', pattern: /\b(?:should|do|would) (?:we|i) (?:move|switch|migrate|go) (?:over )?to\b/gi },
  { kind: 'comparison', level: 6, object: 'tail', pattern: /\b(?:evaluating|looking at|considering|trialing|trialling|demoing|shortlisted|comparing)\b/gi },
  { kind: 'better_ask', level: 6, object: 'none', pattern: /\b(?:anything better|something better|what else is (?:there|out there)|what else (?:do|should) (?:people|you|i|we)|any(?:thing| other) (?:options|alternatives)|better options?|is there anything (?:better|else|cheaper))\b/gi },
  // Matches only the connective; features.ts looks for vendors on both sides (a leading [\w.]+ would be tried at every word).
  { kind: 'comparison', level: 6, object: 'none', pattern: /\s(?:vs\.?|versus|v\.|or|compared to|compared with)\s/gi },
  { kind: 'comparison', level: 6, object: 'sentence', pattern: /\b(?:comparing|deciding between|choosing between|torn between|shortlist(?:ed)?|narrowed (?:it )?down to)\b/gi },
  { kind: 'exists_ask', level: 5, object: 'tail', pattern: /\b(?:is there|are there|does (?:any(?:one|body)|some(?:one|body)) know(?: of)?|(?:any(?:one|body)) knows?(?: of)?|do you know(?: of)?|(?:any(?:one|body)) (?:have|got)|know of)\b(?: (?:a|an|any|some|good|decent|reliable))?/gi },
  { kind: 'survey_purpose', level: 5, object: 'tail', pattern: /\bwhat (?:[\w.'/()-]+ ){0,4}?(?:do|does|did) (?:you|y'?all|people|folks|you guys|you all|your teams?|your company|companies|teams|startups|others)(?: guys)? (?:use|using) (?:for|to)\b/gi },
  { kind: 'experience_ask', level: 5, object: 'sentence', pattern: /\b(?:(?:has|have) any(?:one|body)(?: here)? (?:\w+ )?(?:used|tried|worked with|switched|applied|implemented|rolled out|had experience|dealt with)|any(?:one|body) (?:here )?(?:using|tried|use|used)|(?:experiences?|thoughts|opinions|feedback|reviews?|impressions) (?:on|with|about|of))\b/gi },
  { kind: 'practice_ask', level: 5, object: 'none', needsQuestion: true, pattern: /\bhow (?:do|does|did|are|is|should|would) (?:you|your (?:team|company|org|organization|startup|business)|teams|people|companies|startups|others|y'?all|everyone|folks|other (?:teams|companies|founders))\b/gi },
  { kind: 'practice_ask', level: 5, object: 'none', pattern: /\bcurious (?:what|how) (?:others|other teams|other companies|you all|y'?all|people|everyone) (?:do|use|handle|did)\b/gi },
  { kind: 'survey_ask', level: 4, object: 'sentence', pattern: /\bwhat (?:[\w.'/()-]+ ){0,3}?(?:are|is) (?:people|founders|teams|companies|startups|you|everyone|folks|y'?all)(?: [\w-]+){0,2} using\b/gi },
  { kind: 'survey_ask', level: 4, object: 'none', pattern: /\bwhat (?:[\w.'/()-]+ ){0,5}?(?:do|does|did) (?:you|y'?all|people|folks|you guys|you all|your teams?|your company|companies|teams|startups|others)(?: guys)? (?:use|using)\b/gi },
];

export const MODIFIER_CUES: readonly ModifierCue[] = [
  { kind: 'business', weight: 1, pattern: /\b(?:small business(?:es)?|smbs?|startups?|our (?:company|team|business|startup|agency|firm|clients|customers|org|organi[sz]ation|sales team|reps|sdrs|support team|ops team|engineers|employees|users|staff|department|office|marketing team|dev team|engineering team)|my (?:company|business|startup|agency|firm|clients|employer|boss|team)|company[- ]wide|org[- ]wide|enterprise|dev shop|b2b|saas company|we(?:'re| are) an? [\w -]{0,30}(?:company|startup|agency|firm|team|business|shop|saas)|i (?:run|own|manage) (?:a|an|our)|for (?:a|our|my) (?:team|company|business|startup|client|clients)|multi-user|team plan|for business|for teams|cloud software|our stack|(?:a|the|my|our) sales team|for (?:a|an|our|my) (?:[\w-]+ ){0,3}(?:firm|company|business|startup|agency|practice|shop|consultancy|nonprofit|organi[sz]ation|store|client))\b/gi },
  { kind: 'team_size', weight: 0.5, pattern: /\b(?:(?:team|staff|company|org) of (?:about |around |~)?\d+|\d{1,6}[- ]?(?:person|people|employee|employees|seat|seats|user|users|rep|reps|sdrs?|bdrs?|agents?|engineers?|developers?|devs|members|staff|ftes?|salespeople|sellers))\b/gi },
  { kind: 'budget', weight: 1, pattern: /(?:[$€£]\s?\d[\d,.]*\s?[km]?\b|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|k\/(?:yr|year|mo|month))\b|\bbudget(?:ed|s)?\b|\bprice range\b|\bunder [$€£]?\d+)/gi },
  { kind: 'price', weight: 0.5, pattern: /\b(?:pricing|per seat|per user|per month|\/mo|\/month|afford(?:able)?|cheaper|inexpensive|cost[- ]effective|free tier|quote|quotes)\b/gi },
  { kind: 'timeline', weight: 1, pattern: /\b(?:asap|urgent(?:ly)?|immediately|right away|this (?:week|month|quarter)|next (?:week|month|quarter)|by (?:the )?end of (?:the )?(?:week|month|quarter|year)|(?:by|before) (?:q[1-4]|january|february|march|april|june|july|august|september|october|november|december)|(?:contract|subscription|renewal|license|plan) (?:is )?(?:up|ends?|expires?|renews?|coming up)|up for renewal|deadline|within (?:a|two|three|\d+) (?:days|weeks?)|in the next (?:few )?(?:days|weeks?|months?))\b/gi },
  { kind: 'volume', weight: 0.5, pattern: /\b(?:\d[\d,.]*\s?(?:k|m|\+)?\s?(?:plus )?(?:transactions|orders|customers|contacts|leads|emails|tickets|events|requests|records|accounts|calls|mau|dau|invoices|shipments)|at scale|high volume)\b/gi },
  { kind: 'evaluating', weight: 0.5, pattern: /\b(?:free trial|trialing|trialling|demo(?:ed|s)?|poc|proof of concept|rfp|evaluating|vendor selection|procurement|pricing page|sales call|sales rep)\b/gi },
  { kind: 'frustration', weight: 1, pattern: /\b(?:frustrat\w*|terrible|awful|sucks?|hate|hating|fed up|tired of|sick of|done with|overpriced|too expensive|so expensive|insanely expensive|price (?:hike|increase)|raised (?:their |the |our )?prices?|garbage|useless|nightmare|unreliable|inaccurate|outdated|bounc(?:e|ed|es|ing)|keeps? (?:crashing|breaking|failing)|bad data|painful|struggling|clunky|buggy|disappointed|unhappy|annoying|a joke|rip-?off|worst|not worth|doesn't work|does not work|can't stand|fed-up|lacking|missing features?|support is|ignor(?:e|es|ing) (?:us|me|our)|keeps? charging|overcharg\w*|wild|ridiculous|absurd|unacceptable|killing us|pricey|nickel and dime|drowning|out of control|getting expensive|(?:more|too|way|so) expensive|went up \d+%|prices? (?:went up|increase[sd]?|hike)|support takes|venting)\b/gi },
  { kind: 'personal', weight: -1.5, pattern: /\b(?:personal (?:use|budget(?:ing)?|finances?|projects?|blog|website|site|photos|files|email|stuff|productivity)|for (?:my|our) (?:family|kids|wife|husband|partner|home|house|mom|dad|parents|wedding)|home (?:network|use|server|lab)|homelab|for myself|just for me|my own (?:use|stuff)|hobby(?:ist)?|side project|daily tasks|to-?do (?:list|app)s?|grocer(?:y|ies)|my personal|organi[sz]e my life|(?:my|your) own (?:accounts?|use|stuff|projects?|data)|family (?:photos|videos|pictures)|personal browsing|for personal|music collection|stay focused|productivity|habits?|motivation)\b/gi },
  { kind: 'solo', weight: -1, pattern: /\b(?:solo (?:developer|dev|founder|user)|one[- ]man|just me|single user|as an individual|indie hacker|individual developer)\b/gi },
  { kind: 'dev_library', weight: -1, pattern: /\b(?:librar(?:y|ies)|framework|npm (?:package|module)|pip package|python package|sdk|cli|command[- ]line|gui client|ide|text editor|e2e|unit test(?:ing|s)?|test suite|testing suit|nodejs|node\.js|reactjs|reactredux|react native|django|rails|golang|rdbms|orm)\b/gi },
  { kind: 'open_source', weight: -2, pattern: /\b(?:open[- ]?source|opensource|foss|free and open|self[- ]?hosted|libre)\b/gi },
];

export const NEGATIVE_CUES: readonly NegativeCue[] = [
  { kind: 'self_promotion', cap: 1, hard: true, pattern: /^\s*(?:show hn|launch hn|show reddit|\[show\]|\[launch\])\b/gi },
  { kind: 'self_promotion', cap: 1, pattern: /\b(?:we|i)(?: just| recently| finally|'ve|'ve just| have| have just)? (?:built|made|created|launched|released|developed|wrote|shipped|open[- ]sourced)\b(?! (?:a|an|the|our|my|this|that|last) (?:decision|mistake|switch|choice|list|spreadsheet|shortlist|year|month|week|move|call))/gi },
  { kind: 'self_promotion', cap: 1, pattern: /\b(?:we|i)(?:'re| are|'m| am) (?:building|launching|making|developing|creating)\b/gi },
  { kind: 'self_promotion', cap: 1, hard: true, pattern: /\bcheck (?:out )?(?:my|our|it out|us out)\b|\bcheck out (?:this|the) (?:tool|app|product|platform)\b/gi },
  { kind: 'self_promotion', cap: 1, hard: true, pattern: /\b(?:just launched|we(?:'re| are) launching|introducing|proud to (?:announce|share|launch|introduce)|excited to (?:announce|share|launch|introduce)|(?:is )?now (?:available|live)|beta invites?|invite codes?|giveaway|promo code|discount code|coupon|use code|\d+% off|sign up (?:now|today|free|for free)|get started (?:free|for free|today)|book a demo|schedule a demo|link in bio|dm me for|free audit|feedback (?:welcome|appreciated|wanted)|would love (?:your|some) feedback|book a call|we help (?:[\w-]+ ){0,3}(?:companies|businesses|teams|founders|brands|startups|agencies) (?:book|get|grow|scale|close|generate)|looking for (?:beta )?(?:testers|early adopters|beta users|first users))\b/gi },
  { kind: 'founder_validation', cap: 2, pattern: /\b(?:(?:would|will) you (?:use|pay(?: for)?|buy|be interested)|would (?:anyone|anybody|people|you guys) (?:use|pay|buy|be interested)|what (?:problems?|tools?|software) would you pay|would (?:this|it|a [\w-]+(?: [\w-]+)?) be useful|do you think (?:a|an|this|my) [\w -]{0,40}(?:would|will|could) (?:be useful|work|sell)|(?:feedback on|review) (?:my|our)|(?:product|site|website|landing page|design) feedback|validate (?:my|an|the|this) idea|i (?:created|built|made|have built) a (?:saas|product|startup|app|platform)|no idea what to do with it|what to do with (?:it|my (?:app|product|saas)))\b/gi },
  { kind: 'ad', cap: 1, hard: true, pattern: /\?\s+(?:Try|Get|Visit|Call|Buy|Switch to) [A-Z][\w.]*/g },
  { kind: 'job_post', cap: 1, pattern: /\b(?:(?:is|are|we're|we are|now|currently|actively) (?:hiring|looking to hire)|(?<!for |with |about |when |help )hiring (?:a |an |for |senior|junior|remote|full[- ]?stack|front[- ]?end|back[- ]?end|lead |staff |principal|head of|[\w-]+ (?:engineers?|developers?|designers?|administrators?|managers?|marketers?|sdrs?|reps?|interns?|people))|job (?:opening|posting|offer|description)|open (?:roles?|positions?)|salary|salaries|compensation range|apply (?:now|here|at|via|today)|how to apply|visa sponsorship|(?:remote|onsite|hybrid) (?:ok|only)|who'?s hiring|join (?:our|the) team|(?:yc|y combinator) [swf]\d{2}\)? (?:is )?hiring)\b/gi },
  { kind: 'person_search', cap: 2, pattern: /\blooking for (?:someone|somebody|a (?:[\w-]+ )?(?:co-?founder|cofounder|business partner|partner|mentor|intern|job|role|position|roommate)|people to|a team to join|work\b|a job|my next|the one\b|love)/gi },
  { kind: 'seller_side', cap: 2, pattern: /\b(?:(?:get(?:ting)?|find(?:ing)?|land(?:ing)?|win(?:ning)?|attract(?:ing)?|hold(?:ing)? onto|keep(?:ing)?)(?: (?:my|our))?(?: (?!for\b|our\b|my\b)[\w-]+){0,3}? (?:clients|customers|buyers)|looking for (?:new )?(?:clients|customers|investors|resellers|affiliates)|seeking (?:clients|customers))\b/gi },
  { kind: 'news', cap: 1, pattern: /\b(?:announces?|announced|acquires?|acquired|acquisition of|to acquire|raises \$|raised \$|funding round|series [a-e] |ipo\b|valuation|layoffs?|lays off|sues|sued|lawsuit|reportedly|said to be|considers (?:takeover|bid|buying|acquiring|a bid)|considers takeover|eyeing|bid for|takeover|merger|merges with|partners with|unveils|rolls out|launches|to buy|snatches|joins race|press release|study finds|survey finds|according to|is moving from|are moving from|is switching|talked \w+ out of|readying|beta test(?:ing)?\b|offers [\w ]{0,30}to (?:students|customers|developers|startups)|plans? to|'s plan)/gi },
  { kind: 'content', cap: 2, pattern: /(?:^\s*(?:the )?(?:top )?\d+ [\w-]+|\b\d+ (?:reasons|ways|tips|tricks|tools|things|lessons|mistakes|steps|templates|examples|strategies|alternatives|saas tools)\b|\bhere (?:are|is) (?:\d+|why|how)\b|\b(?:a guide|guide to|the ultimate|cheat ?sheet|checklist|playbook|case study|webinar|ebook|whitepaper|infographic|explained)\b)/gi },
  { kind: 'opinion', cap: 2, pattern: /\b(?:why (?:i|we|you should|you shouldn't|it's time|your|you need)|is dead|is overrated|considered harmful|the case (?:for|against)|in defen[cs]e of|unpopular opinion|hot take|my take|the problem with|the future of|the end of|lessons learned|what i learned|i was wrong|negative ads)\b/gi },
  { kind: 'decided', cap: 3, pattern: /\b(?:(?:we|i)(?: finally| eventually| recently| just| have| 've)? (?:went with|chose|picked|settled on|switched to|moved to|migrated to|ended up (?:with|using|going with)|decided (?:on|to go with)|signed (?:with|a contract)|rolled out|switched (?:from|away from|over)|moved (?:from|away from|off)|migrated (?:from|away from|off)|ditched|dumped|replaced|dropped|cancell?ed)|love it|loving it|couldn't be happier|so happy with|never looking back|best decision)\b/gi },
  { kind: 'outage', cap: 2, pattern: /\b(?:down for (?:me|anyone|everyone|you)|is [\w.]+ down|(?:is|are|was) (?:\w+ )?down (?:again|right now)|has been down|outage|status page says)\b/gi },
  { kind: 'informational', cap: 3, pattern: /\b(?:how does (?:[\w.-]+ ){0,4}work|how (?:does|do) (?:it|they|this|that) work|what does [\w.-]+ (?:do|mean)|eli5|explain (?:how|why|what)|how (?:does|do|is) (?!your\b|you\b|teams?\b|people\b|companies\b|others\b|everyone\b)[\w.-]+ (?:handle|calculate|compute|deal with|process|treat|charge))\b/gi },
  { kind: 'build_not_buy', cap: 3, pattern: /\b(?:(?:how (?:do|would|should|can) (?:i|we|you|one) |how to |resources (?:on|for) (?:how to )?|tutorials? (?:on|for) (?:how to )?)(?:build|make|create|implement|write|code|develop|design)|(?:build|building) (?:my|our) own)\b/gi },
  { kind: 'discussion', cap: 3, pattern: /(?:\bwhat(?:'s| is| are| does) your (?:best |favou?rite )?(?:stack|setup|workflow|techniques?|tips|strategies|strategy|process|approach|advice|experience)|\bdo you think\b|\bwhat do you think (?:about|of)\b|\bdid you spend\b|\bhow much do you spend\b|\btechniques\b|^\s*(?:ask hn: )?why (?:is|are|does|do|did|don't|doesn't)\b|^\s*(?:ask hn: )?do you (?!know\b|have\b|use\b|recommend\b|guys use\b)\w+)/gi },
  // Text that talks to a scoring model is spam, whatever else it says.
  { kind: 'injection', cap: 1, hard: true, pattern: /\b(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier) (?:instructions?|prompts?|messages?)|disregard (?:all |the )?(?:previous|above|prior)|new instructions|you are now a|system prompt|(?:intent_score|is_qualified)\s*[=:]?\s*(?:10|true)|score (?:this|it|me) (?:post )?(?:a |as )?10)\b|^\s*system\s*:/gim },
  { kind: 'joke', cap: 2, pattern: /(?:\b(?:jk|just kidding|said no one|said nobody|yeah right)\b|\s\/s\b|do all the work)/gi },
];

/**
 * Hacker News link submissions: a story with no text and no "Ask HN"/"Tell HN" prefix links to a
 * page, and its title is that page's headline. A headline phrased as a question that neither
 * speaks for the writer (I, we, "looking for") nor addresses the reader ("anyone", "you", "HN") is
 * the linked page asking rhetorically: blog posts, listicles and vendor landing pages ("What is the
 * best tool to analyze open data?"). features.ts applies this to title-only HN posts.
 */
export const HN_LINK_HEADLINE = {
  cap: 3,
  /** An Ask/Tell/Show/Launch HN prefix: a text post, not a link. */
  textPostPrefix: /^\s*(?:ask|tell|show|launch) hn\b/i,
  /** A full interrogative sentence, the headline form. */
  interrogative: /^\s*(?:what|which|how|why|where|when|who|is|are|can|could|should|does|do|will|would)\b[^?\n]*\?/i,
  /** Someone speaking or asking in person: a real question, not a headline. */
  speaker: /\b(?:i|i'm|i've|i'd|me|my|we|we're|we've|us|our|you|your|you're|anyone|anybody|someone|somebody|hn|folks|y'?all)\b|^\s*(?:looking|searching|seeking|need|needing|recommend)\b/i,
} as const;

/** Nouns that make an ask an ask for something you can buy. */
export const COMMERCIAL_OBJECT = /\b(?:software|tools?|apps?|applications?|services?|providers?|platforms?|vendors?|solutions?|saas|products?|system|systems|suite|apis?|agenc(?:y|ies)|consultants?|consultanc(?:y|ies)|firms?|freelancers?|contractors?|accountants?|bookkeepers?|lawyers?|attorneys?|gateways?|processors?|hosting|host|integrations?|plugins?|extensions?|alternatives?|options|replacements?|equivalents?|subscriptions?|licen[cs]es?|crm|erp|cms|dashboards?|company that|companies that|anything that|something that|clients?)\b/i;

/** Things people buy for themselves; an ask for one of these is a consumer purchase. */
export const CONSUMER_OBJECT = /\b(?:laptops?|headphones|earbuds|phones?|iphone|tv|television|cars?|bikes?|mattress|sneakers|shoes|restaurants?|recipes?|books?|novels?|movies?|films?|games?|console|gifts?|vacation|hotels?|flights?|apartment|dating|girlfriend|boyfriend|wife|husband|sushi|pizza|coffee|brunch|dinner|lunch|bars?|place to eat|kindle|e-?readers?|tablets?|ipad|bicycles?|bike chain|cameras?|smartwatch|vacuum|stroller|sofa|couch|gaming)\b/i;

/** A monitor keyword used in another sense ("leads to", "slack-fill"): the post is a collision. */
export const KEYWORD_OTHER_SENSES: ReadonlyArray<{ readonly keyword: RegExp; readonly otherSense: RegExp }> = [
  { keyword: /\bleads?\b/i, otherSense: /\bleads? (?:to|into|probe|the|a|an|by|its|his|her|their|us|me|them|him|off|with|from|in|on|charge|way|pack)\b/gi },
  { keyword: /\bpipelines?\b/i, otherSense: /\b(?:oil|gas|keystone|water|ci|cd|build|deployment|rendering|graphics|instruction|data) pipelines?\b/gi },
  { keyword: /\boutreach\b/i, otherSense: /\b(?:community|public|church|volunteer|student|educational) outreach\b/gi },
  { keyword: /\bslack\b/i, otherSense: /\bslack[- ]?(?:fill|off|tide|water|line|jaw\w*|propagation)|\b(?:some|the|cut \w+) slack\b/gi },
  { keyword: /\bapollo\b/i, otherSense: /\bapollo (?:\d+|moon|mission|program|guidance|lunar|landing|astronaut|theater|theatre|health)\b|\b(?:moon|lunar|nasa)\b/gi },
  { keyword: /\bsalesforce\b/i, otherSense: /\bsalesforce (?:tower|park|arena|transit)\b/gi },
];

/** The stronger of the commercial nouns: someone sells it (a "tool" may be a free script). */
export const PAID_OBJECT = /\b(?:software|services?|providers?|platforms?|vendors?|saas|suite|agenc(?:y|ies)|consultants?|consultanc(?:y|ies)|firms?|freelancers?|contractors?|accountants?|bookkeepers?|lawyers?|attorneys?|gateways?|processors?|hosting|subscriptions?|licen[cs]es?|crm|erp|company that|companies that)\b/i;
