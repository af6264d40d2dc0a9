/** Platforms the scenario posts on; the names match proto-schemas PLATFORMS. */
export const SCENARIO_PLATFORMS = ['reddit', 'hackernews', 'twitter', 'linkedin'] as const;
export type ScenarioPlatform = (typeof SCENARIO_PLATFORMS)[number];

/** Same vocabulary as the intent analysis `category` so benchmarks compare like with like. */
export const CATEGORIES = [
  'buying_intent',
  'frustration',
  'exploratory',
  'decided',
  'news',
  'opinion',
  'job_post',
  'self_promotion',
  'consumer',
  'collision',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type IntentLevel = 'strong' | 'medium' | 'noise';

export interface Company {
  name: string;
  domain: string;
  linkedinSlug: string;
  industry: string;
  size: string;
}

/** One person, with a consistent identity on every platform and in enrichment answers. */
export interface Persona {
  key: string;
  firstName: string;
  lastName: string;
  fullName: string;
  redditName: string;
  hnId: string;
  xId: string;
  xUsername: string;
  linkedinSlug: string;
  title: string;
  company: Company | null;
  website: string | null;
  /** Shown in the bio/about only for some personas, so enrichment has something to find. */
  publicEmail: string | null;
  /** Work address Hunter "finds" (null when the persona has no company). */
  workEmail: string | null;
  bio: string;
  location: string;
  createdAtSec: number;
  karma: number;
  followers: number;
}

export interface GroundTruth {
  category: Category;
  intent: IntentLevel;
  /** Intended score band, inclusive, on the product's 1-10 scale. */
  scoreBand: [number, number];
  /** Traits that make this item hard: non_english, html_entities, markdown, very_long, empty_body, cross_post. */
  traits: string[];
  /** `<platform>:<externalId>` of the original when this item is a cross-post. */
  crossPostOf?: string;
  /** Products named in the text. */
  products: string[];
}

/** One generated post or comment as it exists on one platform. */
export interface ScenarioItem {
  seq: number;
  platform: ScenarioPlatform;
  kind: 'post' | 'comment';
  externalId: string;
  createdAtMs: number;
  title: string | null;
  /** Body as the author wrote it (markdown/plain); platforms render HTML from it. */
  body: string;
  lang: string;
  author: Persona;
  /** Subreddit for Reddit items. */
  site: string | null;
  /** External id of the post a comment belongs to (same platform). */
  parentId: string | null;
  truth: GroundTruth;
}
