export { deleteEnrichedContact } from './contact-repository.ts';
export { autoEnrichRuleSchema, type AutoEnrichRule } from './auto-enrich.ts';
export { FIELD, isReachable, type Confidence, type ContactField, type ContactFields } from './contact.ts';
