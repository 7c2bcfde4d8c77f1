/* Material for MkDocs 9.8.1's inline head script (partials/javascripts/base.html), as a file:
 * the functions with which the theme keeps a reader's choices (colour scheme, open tabs) in
 * localStorage, under the site's address. Inline, the theme wrote the site's root as the page's
 * relative path to it; here it is two folders above this file (assets/js/), which is the same
 * address, or the theme's `extra.scope` where an organizer set one (data-md-scope). The rest
 * is the theme's text, unchanged.
 */
(function (script) {
  var scope = script.dataset.mdScope;
  window.__md_scope = scope ? new URL(scope, location) : new URL("../..", script.src);
})(document.currentScript);
__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
