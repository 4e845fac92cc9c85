import { render } from 'preact';
import 'katex/dist/katex.min.css';
import '@/components/pith-theme.css';
import './popup.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
