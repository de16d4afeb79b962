import type { ApiError } from '../../common/errors/api-error';
import { html, SafeHtml } from '../../common/pages/html';
import { alert, errorText, fieldError, formError, invalidAttrs } from './fields';
import { layout } from './layout';

export interface SignInView {
  next: string;
  email?: string;
  error?: ApiError;
}

export function signInPage({ next, email, error }: SignInView): SafeHtml {
  const emailError = fieldError(error, 'email');
  const passwordError = fieldError(error, 'password');
  return layout(
    { title: 'Sign in' },
    html`<section class="narrow">
<h1>Sign in</h1>
${alert(formError(error, ['email', 'password']))}
<form method="post" action="/dashboard" novalidate>
<input type="hidden" name="next" value="${next}">
<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email ?? ''}"${invalidAttrs('email', emailError)}>
${errorText('email', emailError)}
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalidAttrs('password', passwordError)}>
${errorText('password', passwordError)}
</div>
<button type="submit" class="primary">Sign in</button>
</form>
</section>`,
  );
}
