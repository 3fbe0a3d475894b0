-- Attaches wit-language-server to .wit buffers (Neovim 0.7: start_client + buf_attach_client),
-- waits for a diagnostic and a hover, and exits non-zero when they do not come.
local server = os.getenv('WIT_SERVER')
local result_file = os.getenv('WIT_RESULT')
vim.cmd('filetype on')
vim.filetype.add = vim.filetype.add or nil
vim.cmd('autocmd BufRead,BufNewFile *.wit set filetype=wit')

local client_id = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'wit',
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'wit',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function write(lines)
  local f = io.open(result_file, 'w')
  f:write(table.concat(lines, '\n'))
  f:close()
end

function check()
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
  if not ok then
    write({ 'FAIL no diagnostics' })
    vim.cmd('cquit 1')
    return
  end
  local diags = vim.diagnostic.get(buf)
  local lines = {}
  for _, d in ipairs(diags) do
    table.insert(lines, string.format('diagnostic %d:%d %s', d.lnum + 1, d.col + 1, d.message))
  end
  -- Hover on the name `money` (line 7, in `-> money`).
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 6, character = 20 } }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local hover = nil
  for _, r in pairs(responses or {}) do
    if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
  end
  if not hover then
    table.insert(lines, 'FAIL no hover')
    write(lines)
    vim.cmd('cquit 1')
    return
  end
  table.insert(lines, 'hover ' .. hover:gsub('\n', ' | '))
  write(lines)
  vim.cmd('qall!')
end
