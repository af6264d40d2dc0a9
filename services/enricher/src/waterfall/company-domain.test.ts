import { describe, expect, it } from 'vitest';
import { domainMatchesCompany, guessDomainFromName, isSharedHost, registrableDomain } from './company-domain.ts';

describe('company domains', () => {
  it('reduces URLs to the registrable domain', () => {
    expect(registrableDomain('https://www.team.brightlane-labs.io/x')).toBe('brightlane-labs.io');
    expect(registrableDomain('shop.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('http://127.0.0.1:4100')).toBeUndefined();
  });

  it('matches domains to company names the way the sandbox companies (and real ones) are named', () => {
    expect(domainMatchesCompany('northpeaksec.com', 'Northpeak Security')).toBe(true);
    expect(domainMatchesCompany('orchardrs.com', 'Orchard Robotics Supply')).toBe(true);
    expect(domainMatchesCompany('harborpike.com', 'Harbor & Pike Realty')).toBe(true);
    expect(domainMatchesCompany('saltmarsh.studio', 'Saltmarsh Studio')).toBe(true);
    expect(domainMatchesCompany('mayaokafor.dev', 'Brightlane Labs')).toBe(false);
    expect(domainMatchesCompany('acme.com', 'Zenith Inc')).toBe(false);
  });

  it('never takes social hosts or webmail for an employer', () => {
    expect(isSharedHost('gmail.com')).toBe(true);
    expect(isSharedHost('news.ycombinator.com')).toBe(true);
    expect(isSharedHost('brightlane-labs.io')).toBe(false);
  });

  it('guesses <name>.com only from a usable name', () => {
    expect(guessDomainFromName('Brightlane Labs')).toBe('brightlanelabs.com');
    expect(guessDomainFromName('The Co')).toBeUndefined();
  });
});
