// The customer pages' stylesheet, inlined in each page (one request, works without JavaScript).
// Phone first: one column, large touch targets; wider screens get a centred card. The brand's
// colour and font arrive as CSS custom properties set by the layout.

export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:var(--font);font-size:1rem;line-height:1.5;color:#1a1a1a;background:#f4f5f7}
a{color:var(--brand)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header.top{background:#fff;border-bottom:1px solid #dcdfe4}
header.top .bar{max-width:40rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.shop{font-weight:700;font-size:1.125rem;color:#1a1a1a;text-decoration:none}
.shop img{max-height:2.5rem;max-width:10rem;display:block}
nav.langs ul{list-style:none;margin:0;padding:0;display:flex;gap:.25rem}
nav.langs a{display:inline-block;padding:.375rem .5rem;min-width:2.75rem;text-align:center;border-radius:.375rem;text-decoration:none}
nav.langs a[aria-current="true"]{background:var(--brand);color:var(--on-brand)}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem;color:#1a1a1a}
h2{font-size:1.25rem;margin:0 0 .5rem}
h3{font-size:1.0625rem;margin:1rem 0 .5rem}
.card{background:#fff;border:1px solid #dcdfe4;border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.muted{color:#4a5260}
.facts{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
.facts dt{color:#4a5260}
.facts dd{margin:0;font-weight:600}
.headline{font-size:1.125rem;font-weight:700;margin:0 0 .25rem}
ol.journey{list-style:none;margin:1rem 0 0;padding:0}
ol.journey li{position:relative;padding:0 0 1rem 2rem}
ol.journey li::before{content:"";position:absolute;left:.4rem;top:1.4rem;bottom:0;width:2px;background:#c4c9d1}
ol.journey li:last-child::before{display:none}
ol.journey .dot{position:absolute;left:0;top:.25rem;width:1rem;height:1rem;border-radius:50%;border:2px solid #8a919c;background:#fff}
ol.journey li.done .dot{background:var(--brand);border-color:var(--brand)}
ol.journey li.current .dot{background:var(--brand);border-color:var(--brand);box-shadow:0 0 0 4px #fff,0 0 0 6px var(--brand)}
ol.journey li.problem .dot{background:#b3261e;border-color:#b3261e}
ol.journey .step{font-weight:600;display:block}
ol.journey li.todo .step{color:#4a5260;font-weight:400}
ol.journey .when{display:block;font-size:.875rem;color:#4a5260}
.notice{border-left:4px solid #b3261e;background:#fdf0ef;padding:.75rem 1rem;border-radius:.375rem;margin:1rem 0}
.notice.ok{border-color:#1b6e3a;background:#edf7f0}
.notice p{margin:.25rem 0}
form{margin:0}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:600;margin-bottom:.5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.choice label{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:.25rem 0;min-height:2.75rem}
input[type=text],input[type=email],textarea,select{width:100%;font:inherit;padding:.625rem .75rem;border:1px solid #6b7280;border-radius:.375rem;background:#fff;color:#1a1a1a;min-height:2.75rem}
input[type=radio]{width:1.25rem;height:1.25rem;accent-color:var(--brand)}
textarea{min-height:6rem;resize:vertical}
[aria-invalid="true"]{border-color:#b3261e;border-width:2px}
.error{color:#b3261e;font-weight:600;margin:.25rem 0 0;font-size:.9375rem}
.hint{color:#4a5260;font-size:.875rem;margin:.25rem 0 0}
button{font:inherit;font-weight:600;background:var(--brand);color:var(--on-brand);border:0;border-radius:.5rem;padding:.75rem 1.25rem;min-height:2.75rem;cursor:pointer;margin-top:.75rem;width:100%}
details{border-top:1px solid #dcdfe4;padding:.5rem 0}
details:first-of-type{border-top:0}
summary{cursor:pointer;font-weight:600;color:var(--brand);padding:.5rem 0;min-height:2.75rem;display:flex;align-items:center}
footer.bottom{max-width:40rem;margin:0 auto;padding:1rem 1rem 2rem;color:#4a5260;font-size:.875rem}
@media (min-width:40rem){main{padding:1.5rem 1rem}.card{padding:1.5rem}button{width:auto}}
`;
