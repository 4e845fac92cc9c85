import { render } from 'preact';
import '@/components/pith-theme.css';
import './options.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
