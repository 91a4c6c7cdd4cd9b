// First, so the training worker loads tfjs while the rest of the app evaluates and mounts.
import './ui/state/early-trainer.ts';
import { mount } from 'svelte';
import './ui/components/theme.css';
import App from './ui/App.svelte';
import { nextTask } from './ui/state/later.ts';

performance.mark('rlp:page:main');
// The app mounts in a task of its own, not in the one that evaluated the modules (issue 14: no long task at start-up).
// No top-level await: it would split the page's modules into many more chunks.
void nextTask().then(() => {
  mount(App, { target: document.getElementById('app')! });
  performance.mark('rlp:page:mounted');
});
