// GOV.UK Frontend's components, started when the browser supports them; the pages work
// without JavaScript (the policy allows no inline script, so this is a file).
import { initAll } from './govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
}
initAll()
