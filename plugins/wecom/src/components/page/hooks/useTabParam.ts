import { useSearchParams } from 'react-router-dom';

/**
 * The selected tab, kept in `?tab=` so a link can open it and Back returns
 * to the previous tab. The first tab is the default and leaves the URL bare.
 */
export function useTabParam<T extends string>(
  tabs: readonly T[],
): [T, (tab: T) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const selected = tabs.find(tab => tab === requested) ?? tabs[0];

  const select = (tab: T) => {
    if (tab === selected) return;
    const next = new URLSearchParams(searchParams);
    if (tab === tabs[0]) next.delete('tab');
    else next.set('tab', tab);
    setSearchParams(next);
  };
  return [selected, select];
}
