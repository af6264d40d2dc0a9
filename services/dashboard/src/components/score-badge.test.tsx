import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ScoreBadge, scoreBand } from './score-badge.tsx';

describe('ScoreBadge', () => {
  it('maps scores to bands at the 5 and 8 boundaries', () => {
    expect([1, 4, 5, 7, 8, 10].map(scoreBand)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });

  it('shows the number and tells screen readers the score and band', () => {
    render(<ScoreBadge score={9} />);
    const badge = screen.getByLabelText('Intent score 9 out of 10, high intent');
    expect(badge.textContent).toBe('9');
    expect(badge.dataset.band).toBe('high');
  });

  it('uses the low band styling for weak intent', () => {
    render(<ScoreBadge score={3} />);
    expect(screen.getByLabelText(/Intent score 3 out of 10, low intent/).dataset.band).toBe('low');
  });
});
