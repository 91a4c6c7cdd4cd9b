// First, so the training worker loads tfjs while the rest of the app evaluates and mounts.
import './ui/state/early-trainer.ts';
import { mount } from 'svelte';
import './ui/components/theme.css';
import App from './ui/App.svelte';

performance.mark('rlp:page:main');
mount(App, { target: document.getElementById('app')! });
performance.mark('rlp:page:mounted');
