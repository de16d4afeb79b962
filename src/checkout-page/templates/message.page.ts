import { html, SafeHtml } from '../../common/pages/html';
import { layout } from './layout';

export interface MessageView {
  merchantName: string;
  heading: string;
  message: string;
}

/** A page that only says something: not found, no longer available, too many requests, an error. */
export function messagePage({ merchantName, heading, message }: MessageView): SafeHtml {
  return layout(
    { title: heading, merchantName },
    html`<section class="card">
<h1>${heading}</h1>
<p>${message}</p>
</section>`,
  );
}
