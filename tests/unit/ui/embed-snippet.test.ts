import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN, parseHash } from '../../../src/config/url-codec.ts';
import { embedSnippet, embedUrl } from '../../../src/ui/publish/embed-snippet.ts';

describe('embed snippet', () => {
  it('links the same run in embed view with the chosen charts and autoplay, dropping the page hash', () => {
    const config = { ...DEFAULT_RUN, seed: 9, bugs: ['lr_too_high'] };
    const url = embedUrl('https://example.org/rl/index.html#env=Acrobot-v1', config, { charts: ['losses/entropy'], autoplay: true });
    expect(url.startsWith('https://example.org/rl/index.html#')).toBe(true);
    const { state, errors } = parseHash(url.slice(url.indexOf('#')));
    expect(errors).toEqual([]);
    expect(state.config).toEqual(config);
    expect(state.view).toMatchObject({ view: 'embed', charts: ['losses/entropy'], autoplay: true, theme: 'system' });
  });
  it('sizes the iframe to the measured height and escapes attributes', () => {
    const s = embedSnippet('https://h/#a=1&b="x"', { width: 420, height: 611.2 }, 'PPO <CartPole>');
    expect(s).toBe('<iframe src="https://h/#a=1&amp;b=&quot;x&quot;" width="420" height="612" style="border:0;max-width:100%" title="PPO &lt;CartPole>" loading="lazy"></iframe>');
    expect(embedSnippet('u', { width: 2000, height: 10 }, 't')).toContain('width="800"');
  });
});
