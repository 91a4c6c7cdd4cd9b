// The <iframe> a blog post pastes: the run's link in embed view (charts=, autoplay=1), and the tag
// sized to the embed's measured content height so the post shows it whole, with no scrollbar.

import { DEFAULT_VIEW, formatHash } from '../../config/url-codec.ts';
import type { RunConfig } from '../../config/run-config.ts';

export interface EmbedChoice {
  /** CSS pixels; embeds are laid out for 320–800. */
  width: number;
  /** CSS pixels: the measured content height, or the author's fixed choice. */
  height: number;
  /** Metric keys of the charts to show (empty: the Essentials). */
  charts: readonly string[];
  autoplay: boolean;
}

export const EMBED_MIN_WIDTH = 320;
export const EMBED_MAX_WIDTH = 800;
export const EMBED_WIDTHS: readonly number[] = [320, 420, 560, 640, 800];
export const DEFAULT_EMBED_CHARTS: readonly string[] = ['charts/episodic_return', 'losses/entropy'];

/** The page's address (no hash) with the run in embed view; the theme left to the host's prefers-color-scheme. */
export function embedUrl(page: string, config: RunConfig, choice: Pick<EmbedChoice, 'charts' | 'autoplay'>): string {
  const base = page.replace(/#.*$/, '');
  return base + formatHash({ config, view: { ...DEFAULT_VIEW, view: 'embed', charts: [...choice.charts], autoplay: choice.autoplay } });
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function clampWidth(width: number): number {
  return Math.min(EMBED_MAX_WIDTH, Math.max(EMBED_MIN_WIDTH, Math.round(width)));
}

/** The snippet to copy. `max-width:100%` lets a narrow column shrink it (the embed reflows down to 320 px). */
export function embedSnippet(src: string, choice: Pick<EmbedChoice, 'width' | 'height'>, title: string): string {
  const w = clampWidth(choice.width);
  const h = Math.max(1, Math.ceil(choice.height));
  return `<iframe src="${attr(src)}" width="${w}" height="${h}" style="border:0;max-width:100%" title="${attr(title)}" loading="lazy"></iframe>`;
}
