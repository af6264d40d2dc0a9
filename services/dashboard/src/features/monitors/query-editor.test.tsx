import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryEditor } from './query-editor.tsx';

describe('QueryEditor', () => {
  it('shows the API syntax error at its position and puts the cursor there', () => {
    const query = '"zoominfo alternative" OR (apollo';
    render(<QueryEditor value={query} onChange={() => undefined} error={{ message: 'unexpected end of query, expected ")"', position: 33 }} />);
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Query' });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('At character 34: unexpected end of query, expected ")"');
    const pointer = screen.getByTestId('query-error-position').textContent ?? '';
    expect(pointer.split('\n')[1]).toBe(`${' '.repeat(33)}^`);
    expect(document.activeElement).toBe(box);
    expect(box.selectionStart).toBe(33);
  });

  it('marks the offending character in the middle of the query', () => {
    render(<QueryEditor value="crm ) hubspot" onChange={() => undefined} error={{ message: 'unexpected ")"', position: 4 }} />);
    expect(screen.getByTestId('query-error-position').querySelector('mark')?.textContent).toBe(')');
  });

  it('has no error state without an error, reports edits and toggles syntax help', () => {
    const onChange = vi.fn();
    render(<QueryEditor value="" onChange={onChange} />);
    const box = screen.getByRole('textbox', { name: 'Query' });
    expect(box.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(box, { target: { value: 'crm' } });
    expect(onChange).toHaveBeenCalledWith('crm');
    fireEvent.click(screen.getByRole('button', { name: /syntax help/i }));
    expect(screen.getByText('exact phrase')).toBeTruthy();
  });
});
