// swift-format-ignore-file
extension Templates {
    /// The site's one stylesheet, served at /static/site.css.
    static let stylesheet = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font:19px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#0b0c0c;background:#fff}
        .width{max-width:1000px;margin:0 auto;padding:0 15px}
        a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,.error-summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
        a:focus{background:#fd0;color:#0b0c0c;text-decoration:none}
        .skip-link{position:absolute;left:-9999px}.skip-link:focus{left:10px;top:10px;padding:5px;z-index:1}
        .header{background:#0b0c0c;color:#fff;padding:10px 0;border-bottom:8px solid #1d70b8}
        .header .width{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
        .brand{color:#fff;font-weight:700;font-size:24px;text-decoration:none}.brand:visited{color:#fff}
        .who{margin-left:auto;font-size:16px}
        .header nav{margin-top:8px}.nav{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px}
        .nav a,.nav a:visited{color:#fff;font-size:16px}.nav a:focus{color:#0b0c0c}
        main{padding-top:20px;padding-bottom:40px;display:block}
        h1{font-size:32px;line-height:1.15;margin:10px 0 20px}h2{font-size:24px;margin:30px 0 15px}h3{font-size:19px;margin:0 0 10px}
        .caption{display:block;font-size:19px;font-weight:400;color:#505a5f;margin-top:5px}
        .hint{color:#505a5f;font-size:16px;margin:0 0 5px}
        .field{margin:0 0 25px;border:0;padding:0}
        fieldset.field legend{font-weight:700;margin-bottom:10px}
        label{display:block;font-weight:700;margin-bottom:5px}
        input:not([type=checkbox]):not([type=radio]),select,textarea{font:inherit;width:100%;max-width:30em;padding:5px;border:2px solid #0b0c0c;border-radius:0;background:#fff}
        .field input.short{max-width:8em}
        .check{display:flex;align-items:center;gap:10px;margin:0 0 10px}.check label{font-weight:400;margin:0}
        .check input{width:28px;height:28px;margin:0;flex:none}
        .checks{columns:2 16em}
        .area-row{border-left:4px solid #b1b4b6;padding-left:15px;margin-bottom:15px}.area-row select,.area-row textarea{margin-bottom:10px}
        .button{display:inline-block;font:inherit;font-weight:400;color:#fff;background:#00703c;border:0;box-shadow:0 2px 0 #002d18;padding:8px 12px 7px;margin:0 0 5px;cursor:pointer;text-decoration:none;line-height:1.2}
        a.button,a.button:visited{color:#fff}
        .button:hover{background:#005a30}.button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
        .button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
        .link-button{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;font-size:16px;cursor:pointer;padding:0}
        form.inline{display:inline}
        .has-error{border-left:5px solid #d4351c;padding-left:15px}.has-error input,.has-error select{border-color:#d4351c}
        .error-message{color:#d4351c;font-weight:700;margin:0 0 10px}
        .error-summary{border:5px solid #d4351c;padding:15px 20px;margin:0 0 30px}
        .error-summary h2{margin:0 0 10px}.error-summary ul{margin:0;padding-left:20px}.error-summary a{color:#d4351c;font-weight:700}
        .banner{border:5px solid #00703c;padding:10px 15px;margin:0 0 25px}.banner p{margin:0}.banner.warning{border-color:#d4351c}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:0 0 20px;font-size:16px}
        th,td{text-align:left;vertical-align:top;padding:8px 10px 8px 0;border-bottom:1px solid #b1b4b6}
        .scores{font-variant-numeric:tabular-nums}.scores td,.scores th{padding-right:14px}
        .cards,.hits{list-style:none;padding:0;margin:0}
        .card{border:1px solid #b1b4b6;border-top:5px solid #1d70b8;padding:15px;margin:0 0 20px}
        .card h3 .caption{display:inline;font-size:16px}.card h2{margin-top:0}
        .strength{font-style:italic;margin:0 0 10px}
        .reasons{margin:0 0 10px;padding-left:20px;font-size:16px;color:#0b0c0c}
        .plain{list-style:none;margin:0;padding:0}
        dl.summary,.card dl{display:grid;grid-template-columns:max-content 1fr;gap:5px 20px;margin:0 0 20px}
        dt{font-weight:700}dd{margin:0}
        .visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
        .footer{border-top:1px solid #b1b4b6;padding:20px 0;color:#505a5f;font-size:16px}
        @media (max-width:640px){body{font-size:16px}h1{font-size:24px}.who{margin-left:0}.checks{columns:1}}
        .banner h2{margin:5px 0 10px}.banner ul{margin:0 0 10px}
        @media (max-width:640px){dl.summary{grid-template-columns:fit-content(45%) minmax(0,1fr)}}
        .radios-inline{display:flex;flex-wrap:wrap;gap:0 24px}
        a.button.secondary,a.button.secondary:visited{color:#0b0c0c}
        """
}
