import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { Signal } from '../../api/types.ts';
import { renderWithProviders } from '../../test-render.tsx';
import { SignalCard } from './signal-card.tsx';

const base: Signal = {
  id: '11111111-1111-4111-8111-111111111111',
  monitorId: '22222222-2222-4222-8222-222222222222',
  monitorName: 'ZoomInfo switchers',
  postId: 'p1',
  status: 'new',
  intentScore: 8,
  platform: 'reddit',
  url: 'https://reddit.com/r/sales/1',
  title: 'Need a ZoomInfo alternative',
  excerpt: 'We are a 6 person SDR team…',
  author: { handle: 'jdoe', displayName: 'Jane Doe', profileUrl: null },
  summary: 'SDR lead wants a cheaper ZoomInfo alternative this quarter',
  decisionStage: 'evaluating',
  postedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  painPoints: ['stale contact data', 'price per seat'],
  competitors: ['ZoomInfo'],
};

describe('SignalCard', () => {
  it('shows platform, score, summary, pain points, author, age, stage and monitor', () => {
    renderWithProviders(<SignalCard signal={base} />);
    expect(screen.getByLabelText(/Intent score 8 out of 10/)).toBeTruthy();
    expect(screen.getByText('Reddit')).toBeTruthy();
    expect(screen.getByRole('heading', { name: base.summary! })).toBeTruthy();
    expect(screen.getByText('stale contact data')).toBeTruthy();
    expect(screen.getByText('price per seat')).toBeTruthy();
    expect(screen.getByText('Jane Doe (@jdoe)')).toBeTruthy();
    expect(screen.getByText('3h ago')).toBeTruthy();
    expect(screen.getByText('Evaluating')).toBeTruthy();
    expect(screen.getByText(/ZoomInfo switchers/)).toBeTruthy();
  });

  it('renders pain points from the feed item without requesting the detail', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      renderWithProviders(<SignalCard signal={base} />);
      expect(screen.getByText('stale contact data')).toBeTruthy();
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('shows the excerpt when the analysis has no pain points', () => {
    renderWithProviders(<SignalCard signal={{ ...base, painPoints: [] }} />);
    expect(screen.getByText(base.excerpt)).toBeTruthy();
  });

  it('falls back to the title when there is no summary, and opens on click and Enter', () => {
    const onOpen = vi.fn();
    renderWithProviders(<SignalCard signal={{ ...base, summary: null }} onOpen={onOpen} />);
    const card = screen.getByRole('article');
    expect(screen.getByRole('heading').textContent).toBe('Need a ZoomInfo alternative');
    fireEvent.click(card);
    fireEvent.keyDown(card, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledTimes(2);
    expect(onOpen).toHaveBeenCalledWith(base.id);
  });

  it('renders hostile scraped text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { container } = renderWithProviders(
      <SignalCard signal={{ ...base, summary: hostile, author: { handle: '<b>x</b>', displayName: '<svg onload=alert(1)>', profileUrl: null }, painPoints: ['<iframe src=javascript:alert(1)>'] }} />,
    );
    expect(container.querySelector('img, script, svg[onload], iframe, b')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe(hostile);
    expect(screen.getByText('<iframe src=javascript:alert(1)>')).toBeTruthy();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
