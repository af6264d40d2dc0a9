export { OutboundError, OUTBOUND_ERROR_CODES, type OutboundErrorCode } from './errors.ts';
export { blockedAddressReason, parseIPv4, parseIPv6 } from './address-ranges.ts';
export {
  checkOutboundUrl,
  validateOutboundUrl,
  systemResolver,
  type OutboundPolicy,
  type Resolver,
  type ResolvedAddress,
  type VettedTarget,
} from './url-policy.ts';
export {
  createOutboundClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type OutboundClient,
  type OutboundMethod,
  type OutboundRequestOptions,
  type OutboundResponse,
} from './client.ts';
