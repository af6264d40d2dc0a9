import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { useLocation, useSearchParams } from 'react-router';
import { renderWithProviders } from '../../test-render.tsx';
import { FeedFilters } from './feed-filters.tsx';
import { filtersFromUrl, filtersToSearch, filtersToUrl } from './feed-filters-url.ts';

const MONITOR = '22222222-2222-4222-8222-222222222222';

/** The feed page's wiring: filters read from and written to the URL. */
function Harness() {
  const [sp, setSp] = useSearchParams();
  const loc = useLocation();
  return (
    <>
      <FeedFilters value={filtersFromUrl(sp)} monitors={[{ id: MONITOR, name: 'Switchers' } as never]} onChange={(f) => setSp(filtersToUrl(f, sp))} />
      <output data-testid="url">{loc.search}</output>
    </>
  );
}

describe('feed filters in the URL', () => {
  it('reads filters from the URL into the controls', () => {
    renderWithProviders(<Harness />, `/app/signals?platform=hackernews&minScore=8&stage=evaluating&monitorId=${MONITOR}&q=crm`);
    expect(screen.getByLabelText<HTMLSelectElement>('Platform').value).toBe('hackernews');
    expect(screen.getByLabelText<HTMLSelectElement>('Minimum score').value).toBe('8');
    expect(screen.getByLabelText<HTMLSelectElement>('Decision stage').value).toBe('evaluating');
    expect(screen.getByLabelText<HTMLSelectElement>('Monitor').value).toBe(MONITOR);
    expect(screen.getByLabelText<HTMLInputElement>('Search text').value).toBe('crm');
  });

  it('writes changes to the URL, keeps unrelated params and clears', () => {
    renderWithProviders(<Harness />, '/app/signals?signal=abc');
    fireEvent.change(screen.getByLabelText('Platform'), { target: { value: 'reddit' } });
    fireEvent.change(screen.getByLabelText('Minimum score'), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'archived' } });
    fireEvent.change(screen.getByLabelText('Search text'), { target: { value: 'apollo alternative' } });
    fireEvent.submit(screen.getByRole('search'));
    const url = new URLSearchParams(screen.getByTestId('url').textContent ?? '');
    expect(Object.fromEntries(url)).toEqual({ signal: 'abc', platform: 'reddit', minScore: '7', status: 'archived', q: 'apollo alternative' });
    fireEvent.click(screen.getByRole('button', { name: /clear filters/i }));
    expect(screen.getByTestId('url').textContent).toBe('?signal=abc');
  });

  it('drops malformed values from hand-edited URLs and maps dates to the API range', () => {
    const f = filtersFromUrl(new URLSearchParams('platform=myspace&minScore=11&stage=x&monitorId=1;drop&from=2025-03-01&to=nope&status=open'));
    expect(f).toEqual({ from: '2025-03-01' });
    const api = filtersToSearch(f);
    expect(new Date(api.get('from')!).getTime()).toBe(new Date('2025-03-01T00:00:00').getTime());
  });
});
